#!/usr/bin/env bash
# Runs a PostgreSQL cluster that belongs to this checkout: its own data directory, its own
# port, loopback only, owned by an unprivileged user (initdb and postgres refuse root).
#
#   Deploy/local-postgres.sh start    install if missing, initialise once, start; prints the URL
#   Deploy/local-postgres.sh stop     stop it (fast shutdown)
#   Deploy/local-postgres.sh status   exit 0 when it is running
#   Deploy/local-postgres.sh url      print the connection URL of the application role
#
# Settings (environment):
#   MITREDEN_PG_DIR   where the cluster lives          (default: <repo>/.local/postgres)
#   MITREDEN_PG_PORT  TCP port on 127.0.0.1             (default: 54329)
#   MITREDEN_PG_USER  OS user that runs the server when started as root (default: postgres,
#                     created as a system user if it does not exist)
#   MITREDEN_PG_FAST  1 = start without fsync and with 600 connections (for test runs: creating and dropping a
#                     database per test then takes milliseconds, not a second). Data may be
#                     lost in a power cut, so never for the demo or anything you keep.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${MITREDEN_PG_DIR:-$repo/.local/postgres}
port=${MITREDEN_PG_PORT:-54329}
os_user=${MITREDEN_PG_USER:-postgres}
data=$dir/data
log=$dir/server.log
pwfile=$dir/app-password
app_role=mitreden
app_db=mitreden

say() { echo "local-postgres: $*" >&2; }

find_bindir() {
    local candidate
    for candidate in /usr/lib/postgresql/*/bin; do
        [ -x "$candidate/pg_ctl" ] && { echo "$candidate"; return 0; }
    done
    return 1
}

install_postgres() {
    if find_bindir >/dev/null; then return 0; fi
    if [ "$(id -u)" -ne 0 ]; then
        say "PostgreSQL server binaries are missing; install them with: sudo apt-get install postgresql"
        exit 1
    fi
    say "installing PostgreSQL from Debian's packages (apt-get install postgresql)…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    # The package's own default cluster is not used; this script runs its own.
    apt-get install -y -qq --no-install-recommends postgresql postgresql-contrib >&2
    find_bindir >/dev/null || { say "PostgreSQL installed but pg_ctl not found under /usr/lib/postgresql"; exit 1; }
}

# Runs a command as the unprivileged owner of the cluster (as itself when not root).
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$os_user" -- "$@"
    else
        "$@"
    fi
}

ensure_os_user() {
    [ "$(id -u)" -eq 0 ] || return 0
    id "$os_user" >/dev/null 2>&1 && return 0
    say "creating system user $os_user"
    useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin "$os_user"
}

url() {
    local password
    password=$(cat "$pwfile")
    echo "postgres://$app_role:$password@127.0.0.1:$port/$app_db"
}

is_running() {
    [ -f "$data/PG_VERSION" ] || return 1
    as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1
}

initialise() {
    [ -f "$data/PG_VERSION" ] && return 0
    say "initialising a new cluster in $data"
    mkdir -p "$dir"
    # The password of the application role is made here, once, and never leaves this folder.
    if [ ! -s "$pwfile" ]; then
        (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$pwfile")
    fi
    if [ "$(id -u)" -eq 0 ]; then
        chown -R "$os_user" "$dir"
        # Every parent must be traversable by the cluster's owner.
        local parent=$dir
        while [ "$parent" != "/" ]; do
            parent=$(dirname "$parent")
            chmod o+x "$parent" 2>/dev/null || true
        done
    fi
    as_owner "$bindir/initdb" -D "$data" --username=postgres --auth-local=peer \
        --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$data/postgresql.conf" <<CONF
# Added by Deploy/local-postgres.sh: loopback only, own port, no Unix socket outside the folder.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = 256MB
fsync = on
CONF
}

# Creates the application role and database unless they exist; safe after an
# initialisation that was interrupted half-way.
ensure_app_role() {
    local psql=("$bindir/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
    if [ -z "$(as_owner "${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = '$app_role'")" ]; then
        as_owner "${psql[@]}" -c "CREATE ROLE $app_role LOGIN CREATEDB PASSWORD '$(cat "$pwfile")'" >/dev/null
    fi
    if [ -z "$(as_owner "${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$app_db'")" ]; then
        as_owner "${psql[@]}" -c "CREATE DATABASE $app_db OWNER $app_role" >/dev/null
    fi
}

start_server() {
    # A pid file left by a crash makes pg_ctl refuse to start; remove it when its process is gone.
    if [ -f "$data/postmaster.pid" ]; then
        local pid
        pid=$(head -n 1 "$data/postmaster.pid")
        if ! kill -0 "$pid" 2>/dev/null; then
            say "removing stale pid file (process $pid is gone)"
            rm -f "$data/postmaster.pid"
        fi
    fi
    # The port is given at each start, so MITREDEN_PG_PORT can change between runs.
    local options="-c port=$port"
    if [ "${MITREDEN_PG_FAST:-0}" = "1" ]; then
        # Test runs: hundreds of parallel tests, each with a database and pools of its own.
        options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=600"
    fi
    as_owner "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 -o "$options" start >/dev/null \
        || { say "PostgreSQL did not start; last lines of $log:"; tail -n 20 "$log" >&2; exit 1; }
}

command=${1:-start}
case "$command" in
    start)
        install_postgres
        bindir=$(find_bindir)
        ensure_os_user
        initialise
        is_running || start_server
        ensure_app_role
        say "running on 127.0.0.1:$port (data in $data)"
        url
        ;;
    stop)
        bindir=$(find_bindir) || exit 0
        if is_running; then
            as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null
            say "stopped"
        fi
        ;;
    status)
        bindir=$(find_bindir) || exit 1
        is_running
        ;;
    url)
        [ -s "$pwfile" ] || { say "no cluster in $dir yet; run: $0 start"; exit 1; }
        url
        ;;
    *)
        echo "usage: $0 start|stop|status|url" >&2
        exit 2
        ;;
esac
