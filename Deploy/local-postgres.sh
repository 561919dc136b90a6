#!/usr/bin/env bash
# Runs a PostgreSQL cluster that belongs to this checkout: its own data directory, its own
# port, loopback only, owned by an unprivileged user (initdb and postgres refuse root).
#
#   Deploy/local-postgres.sh start          install if missing, initialise once, start; prints the URL
#   Deploy/local-postgres.sh stop           stop it (fast shutdown)
#   Deploy/local-postgres.sh status         exit 0 when it is running
#   Deploy/local-postgres.sh url            print the URL of the runtime role (MITREDEN_DATABASE_URL)
#   Deploy/local-postgres.sh migration-url  print the URL of the owner role (MITREDEN_MIGRATION_DATABASE_URL)
#   Deploy/local-postgres.sh start-replica  a streaming replica of the cluster in MITREDEN_PG_PRIMARY_DIR
#                                           (port MITREDEN_PG_PRIMARY_PORT), made once with pg_basebackup
#                                           into MITREDEN_PG_DIR and started on MITREDEN_PG_PORT; prints
#                                           the runtime role's URL on the replica
#
# Two roles, as in production (Deploy/OPERATIONS.md, "Database roles"): `mitreden` owns the
# database and everything the migrations create (it also creates the test databases);
# `mitreden_runtime` is what the server and the ordinary commands log in as. It owns nothing,
# so it cannot alter tables or disable the audit log's triggers; migration 0012 grants it
# the rows. Each role's password is generated here once, into a file of its own.
#
# Settings (environment):
#   MITREDEN_PG_DIR   where the cluster lives          (default: <repo>/.local/postgres)
#   MITREDEN_PG_PORT  TCP port on 127.0.0.1             (default: 24329)
#   MITREDEN_PG_USER  OS user that runs the server when started as root (default: postgres,
#                     created as a system user if it does not exist)
#   MITREDEN_PG_FAST  1 = start without fsync and with 600 connections (for test runs: creating and dropping a
#                     database per test then takes milliseconds, not a second). Data may be
#                     lost in a power cut, so never for the demo or anything you keep.
#   MITREDEN_PG_ARCHIVE_DIR  archive every finished WAL segment there (archive_mode = on), for
#                     point-in-time restores from a base backup (docs/operations.md)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${MITREDEN_PG_DIR:-$repo/.local/postgres}
port=${MITREDEN_PG_PORT:-24329}
os_user=${MITREDEN_PG_USER:-postgres}
data=$dir/data
log=$dir/server.log
pwfile=$dir/app-password
runtime_pwfile=$dir/runtime-password
app_role=mitreden
runtime_role=mitreden_runtime
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

# The owner's URL: migrations, and the test harness (it creates a database per test).
migration_url() {
    local password
    password=$(cat "$pwfile")
    echo "postgres://$app_role:$password@127.0.0.1:$port/$app_db"
}

# The runtime role's URL: what the server and the ordinary commands use.
url() {
    local password
    password=$(cat "$runtime_pwfile")
    echo "postgres://$runtime_role:$password@127.0.0.1:$port/$app_db"
}

# Writes a random password into $1 unless it has one; answers 0 when it made a new one.
# Passwords are made here, once, and never leave this folder.
new_password_file() {
    [ -s "$1" ] && return 1
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$1")
    if [ "$(id -u)" -eq 0 ]; then chown "$os_user" "$1"; fi
    return 0
}

is_running() {
    [ -f "$data/PG_VERSION" ] || return 1
    as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1
}

initialise() {
    [ -f "$data/PG_VERSION" ] && return 0
    say "initialising a new cluster in $data"
    mkdir -p "$dir"
    new_password_file "$pwfile" || true
    new_password_file "$runtime_pwfile" || true
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

# Creates the owner role, the runtime role and the database unless they exist; safe after
# an initialisation that was interrupted half-way, and on a cluster made before the runtime
# role existed (its password file and role are added at the next start).
ensure_app_role() {
    local psql=("$bindir/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
    if [ -z "$(as_owner "${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = '$app_role'")" ]; then
        as_owner "${psql[@]}" -c "CREATE ROLE $app_role LOGIN CREATEDB PASSWORD '$(cat "$pwfile")'" >/dev/null
    fi
    # Created before the database is migrated, so migration 0012 finds it and grants it
    # its privileges. No CREATEDB, no membership in the owner role.
    local new_runtime_password=0
    new_password_file "$runtime_pwfile" && new_runtime_password=1
    if [ -z "$(as_owner "${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = '$runtime_role'")" ]; then
        as_owner "${psql[@]}" -c "CREATE ROLE $runtime_role LOGIN PASSWORD '$(cat "$runtime_pwfile")'" >/dev/null
    elif [ "$new_runtime_password" = 1 ]; then
        as_owner "${psql[@]}" -c "ALTER ROLE $runtime_role PASSWORD '$(cat "$runtime_pwfile")'" >/dev/null
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
    # Autovacuum looks every second, not every minute: on a vote night each support leaves a
    # dead counter row and index entries behind (the top list's index, Schema 0013), and the
    # top list walks them until a vacuum clears them (Deploy/OPERATIONS.md, Vote night).
    local options="-c port=$port"
    if [ "${MITREDEN_PG_FAST:-0}" = "1" ]; then
        # Test runs: hundreds of parallel tests, each with a database and pools of its own
        # (and no vote night, so autovacuum keeps its default pace over those databases).
        # The WAL of the last 2 GB is kept for the tests' streaming replica (TestReplica): each
        # test database is copied through the WAL, and without it the parallel suite recycled
        # segments the replica still needed ("requested WAL segment … has already been removed").
        options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=1000 -c wal_keep_size=2GB"
    else
        options="$options -c autovacuum_naptime=1s"
    fi
    if [ -n "${MITREDEN_PG_ARCHIVE_DIR:-}" ]; then
        mkdir -p "$MITREDEN_PG_ARCHIVE_DIR"
        if [ "$(id -u)" -eq 0 ]; then chown "$os_user" "$MITREDEN_PG_ARCHIVE_DIR"; fi
        # A segment already archived is never overwritten (a restored cluster must not
        # clobber the history it was restored from).
        options="$options -c archive_mode=on -c archive_timeout=60"
        options="$options -c archive_command='test ! -f $MITREDEN_PG_ARCHIVE_DIR/%f && cp %p $MITREDEN_PG_ARCHIVE_DIR/%f'"
    fi
    # The default ports lie below Linux's range for outgoing connections (32768–60999); a
    # port chosen inside it can be held for a moment by one of the many short connections a
    # test run makes, so a start that found the address in use is tried again for up to half
    # a minute.
    local attempt
    for attempt in $(seq 1 30); do
        if as_owner "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 -o "$options" start >/dev/null; then
            return 0
        fi
        tail -n 5 "$log" | grep -q "Address already in use" || break
        say "port $port is busy for the moment; trying again (attempt $attempt of 30)"
        sleep 1
    done
    say "PostgreSQL did not start; last lines of $log:"; tail -n 20 "$log" >&2; exit 1
}

# Makes $data a copy of the primary's cluster with pg_basebackup (WAL streamed alongside,
# standby.signal and primary_conninfo written by -R), over the primary's Unix socket as its
# superuser (peer authentication: the same OS user runs both), unless it exists.
make_replica() {
    [ -f "$data/PG_VERSION" ] && return 0
    local primary_dir=${MITREDEN_PG_PRIMARY_DIR:?set MITREDEN_PG_PRIMARY_DIR to the primary cluster\'s folder}
    local primary_port=${MITREDEN_PG_PRIMARY_PORT:?set MITREDEN_PG_PRIMARY_PORT to the primary\'s port}
    say "making a streaming replica of $primary_dir (port $primary_port) in $data"
    mkdir -p "$dir"
    # The same roles and passwords: the replica is a copy of the primary.
    cp "$primary_dir/app-password" "$pwfile"
    cp "$primary_dir/runtime-password" "$runtime_pwfile"
    if [ "$(id -u)" -eq 0 ]; then chown -R "$os_user" "$dir"; chmod 700 "$dir"; fi
    # Tests and drills pause and resume the replay as the owner role (a superuser's right
    # otherwise); granted on the primary, so the copy has it too.
    as_owner "$bindir/psql" -h "$primary_dir" -p "$primary_port" -U postgres -d postgres -qtA -v ON_ERROR_STOP=1 -c \
        "GRANT EXECUTE ON FUNCTION pg_wal_replay_pause(), pg_wal_replay_resume(), pg_is_wal_replay_paused() TO $app_role" >/dev/null
    as_owner "$bindir/pg_basebackup" -h "$primary_dir" -p "$primary_port" -U postgres -D "$data" \
        -R -X stream -c fast >/dev/null
    cat >> "$data/postgresql.conf" <<CONF
# Added by Deploy/local-postgres.sh start-replica: its own socket folder.
unix_socket_directories = '$dir'
CONF
}

command=${1:-start}
case "$command" in
    start-replica)
        bindir=$(find_bindir) || { say "PostgreSQL is not installed; run: $0 start (for the primary) first"; exit 1; }
        make_replica
        is_running || start_server
        say "replica running on 127.0.0.1:$port (data in $data)"
        url
        ;;
    promote)
        # Turns a replica into a primary (docs/operations.md, "Promoting the replica").
        bindir=$(find_bindir)
        as_owner "$bindir/pg_ctl" -D "$data" -w promote >/dev/null
        say "promoted"
        ;;
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
        [ -s "$runtime_pwfile" ] || { say "no runtime role in $dir yet; run: $0 start"; exit 1; }
        url
        ;;
    migration-url)
        [ -s "$pwfile" ] || { say "no cluster in $dir yet; run: $0 start"; exit 1; }
        migration_url
        ;;
    *)
        echo "usage: $0 start|stop|status|url|migration-url|start-replica|promote" >&2
        exit 2
        ;;
esac
