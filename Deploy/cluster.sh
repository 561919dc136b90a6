#!/usr/bin/env bash
# The scaled topology on one machine, as plain processes on loopback ports of its own:
#
#   HAProxy ──> mitreden serve "a" ──┬──> PgBouncer (transaction mode) ──> primary PostgreSQL ──> WAL archive
#           └─> mitreden serve "b" ──┘    anonymous public reads ──> streaming replica (pg_basebackup)
#
#   Deploy/cluster.sh up                  build (unless MITREDEN_CLUSTER_BINARY is set), start
#                                         everything, migrate, print the proxy's URL
#   Deploy/cluster.sh down                stop everything (the data stays in the folder)
#   Deploy/cluster.sh status              one line per component; exit 1 when one is down
#   Deploy/cluster.sh kill a|b            SIGKILL one instance (what the cluster test does)
#   Deploy/cluster.sh start a|b           start one instance again, wait until it is ready
#   Deploy/cluster.sh env                 the URLs and folders, as shell variables
#
# HAProxy checks each instance's /health/ready every second and sends nothing to one that
# fails it twice; a request whose connection to an instance fails is sent to the other, and
# an idempotent request (GET, HEAD, PUT, DELETE) whose instance dies before answering is
# sent again (`retry-on`). The instances reach the primary through PgBouncer
# (MITREDEN_DATABASE_POOLER=transaction), the replica directly, and migrate over the
# owner's direct URL. Why each piece is there: docs/operations.md.
#
# Environment:
#   MITREDEN_CLUSTER_BASE_PORT  first of the ports (default 25000): primary +0, replica +1,
#                               PgBouncer +2, instances +10 and +11, proxy +20, proxy stats +21
#   MITREDEN_CLUSTER_DIR        where it all lives (default .local/cluster)
#   MITREDEN_CLUSTER_BINARY     a built `mitreden` to run; else built with MITREDEN_CLUSTER_BUILD
#                               (debug or release, default debug)
#   MITREDEN_REPLICA_MAX_LAG    passed to the instances (default 5)
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
source Deploy/lib/harness.sh
help_if_asked "$@"

base=${MITREDEN_CLUSTER_BASE_PORT:-25000}
dir=${MITREDEN_CLUSTER_DIR:-$repo/.local/cluster}
primary_port=$base replica_port=$((base + 1)) bouncer_port=$((base + 2))
proxy_port=$((base + 20)) stats_port=$((base + 21))
instance_port() { case $1 in a) echo $((base + 10)) ;; b) echo $((base + 11)) ;; *) echo "no instance $1 (a or b)" >&2; exit 64 ;; esac; }
os_user=${MITREDEN_PG_USER:-postgres}

# Debian's packages for the pooler and the proxy (PostgreSQL comes with local-postgres.sh).
require_packages() {
    local missing=()
    command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
    command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
    [ ${#missing[@]} = 0 ] && return 0
    if [ "$(id -u)" != 0 ]; then say "missing: ${missing[*]}; install with: sudo apt-get install ${missing[*]}"; exit 1; fi
    say "installing ${missing[*]} from Debian's packages…"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

pg() { MITREDEN_PG_DIR=$dir/$1 MITREDEN_PG_PORT=$2 "${@:3}"; }
primary() { pg primary "$primary_port" "$@"; }
replica() { pg replica "$replica_port" "$@"; }
pgbin() { dirname "$(ls /usr/lib/postgresql/*/bin/psql | tail -1)"; }
# psql as the cluster's superuser over its Unix socket (peer authentication).
superuser_psql() {
    local command=("$(pgbin)/psql" -h "$dir/primary" -p "$primary_port" -U postgres -d mitreden -qAtX -v ON_ERROR_STOP=1 "$@")
    if [ "$(id -u)" = 0 ]; then runuser -u "$os_user" -- "${command[@]}"; else "${command[@]}"; fi
}

owner_url() { primary Deploy/local-postgres.sh migration-url; }
runtime_url() { primary Deploy/local-postgres.sh url; }
with_port() { echo "$1" | sed -E "s#@127\.0\.0\.1:[0-9]+/#@127.0.0.1:$2/#"; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_pgbouncer() {
    pid_alive "$dir/pgbouncer/pgbouncer.pid" && return 0
    mkdir -p "$dir/pgbouncer"
    local password
    password=$(cat "$dir/primary/runtime-password")
    printf '"mitreden_runtime" "%s"\n' "$password" > "$dir/pgbouncer/users.txt"
    cat > "$dir/pgbouncer/pgbouncer.ini" <<INI
; Written by Deploy/cluster.sh. Transaction mode: a server connection per transaction, so
; the instances' many client connections share a few; the instances run with
; MITREDEN_DATABASE_POOLER=transaction (no named prepared statements, no LISTEN).
[databases]
mitreden = host=127.0.0.1 port=$primary_port dbname=mitreden
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bouncer_port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $dir/pgbouncer/users.txt
pool_mode = transaction
default_pool_size = 16
max_client_conn = 400
server_login_retry = 1
logfile = $dir/pgbouncer/pgbouncer.log
pidfile = $dir/pgbouncer/pgbouncer.pid
INI
    chmod 600 "$dir/pgbouncer/users.txt"
    # PgBouncer refuses to run as root: the cluster's OS user runs it then.
    [ "$(id -u)" = 0 ] && chown -R "$os_user" "$dir/pgbouncer"
    # A port chosen inside Linux's range for outgoing connections may be held by one of them
    # for a moment (as Deploy/local-postgres.sh does for PostgreSQL, try again).
    local attempt
    for attempt in $(seq 1 30); do
        if [ "$(id -u)" = 0 ]; then
            /usr/sbin/pgbouncer -d -u "$os_user" "$dir/pgbouncer/pgbouncer.ini" || true
        else
            /usr/sbin/pgbouncer -d "$dir/pgbouncer/pgbouncer.ini" || true
        fi
        local wait
        for wait in $(seq 1 10); do
            pid_alive "$dir/pgbouncer/pgbouncer.pid" && return 0
            tail -3 "$dir/pgbouncer/pgbouncer.log" 2>/dev/null | grep -q "nowhere to listen" && break
            sleep 0.5
        done
        tail -3 "$dir/pgbouncer/pgbouncer.log" 2>/dev/null | grep -q "Address already in use" || break
        echo "cluster: port $bouncer_port in use, PgBouncer start $attempt of 30; trying again" >&2
        sleep 1
    done
    pid_alive "$dir/pgbouncer/pgbouncer.pid"
}

start_haproxy() {
    pid_alive "$dir/haproxy/haproxy.pid" && return 0
    mkdir -p "$dir/haproxy"
    cat > "$dir/haproxy/haproxy.cfg" <<CFG
# Written by Deploy/cluster.sh (the same as Deploy/haproxy.cfg, on this cluster's ports).
global
    maxconn 2000
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout check 3s
    # A connection that fails is tried again on the other instance; an idempotent request
    # (GET, HEAD, PUT, DELETE, OPTIONS) whose instance closed or died before answering is
    # sent again too. POST is never resent by the proxy: the client resends it with the
    # same Idempotency-Key.
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout
    option httpchk GET /health/ready
    http-check expect status 200
frontend api
    bind 127.0.0.1:$proxy_port
    default_backend mitreden
backend mitreden
    balance roundrobin
    option forwardfor
    # Only a connection that failed is tried again for a POST or PATCH (nothing was sent).
    http-request disable-l7-retry if METH_POST || { method PATCH }
    default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
    server a 127.0.0.1:$(instance_port a) check
    server b 127.0.0.1:$(instance_port b) check
listen stats
    bind 127.0.0.1:$stats_port
    stats enable
    stats uri /
CFG
    haproxy -c -q -f "$dir/haproxy/haproxy.cfg"
    # Tried again when its port is held for a moment (see start_pgbouncer).
    local attempt
    for attempt in $(seq 1 30); do
        haproxy -D -p "$dir/haproxy/haproxy.pid" -f "$dir/haproxy/haproxy.cfg" 2> "$dir/haproxy/start.log" && return 0
        cat "$dir/haproxy/start.log" >&2
        grep -q "Address already in use" "$dir/haproxy/start.log" || break
        say "HAProxy's port $proxy_port or $stats_port is busy for the moment; trying again (attempt $attempt of 30)"
        sleep 1
    done
    say "HAProxy did not start"; exit 1
}

instance_environment() {
    local name=$1
    cat <<ENV
MITREDEN_PORT=$(instance_port "$name")
MITREDEN_DATABASE_URL=$(with_port "$(runtime_url)" "$bouncer_port")
MITREDEN_DATABASE_POOLER=transaction
MITREDEN_DATABASE_REPLICA_URL=$(with_port "$(runtime_url)" "$replica_port")
MITREDEN_REPLICA_MAX_LAG=${MITREDEN_REPLICA_MAX_LAG:-5}
MITREDEN_MIGRATION_DATABASE_URL=$(owner_url)
MITREDEN_TRUSTED_PROXIES=127.0.0.1/32
MITREDEN_LOG_LEVEL=${MITREDEN_LOG_LEVEL:-notice}
MITREDEN_DB_POOL_SIZE=${MITREDEN_DB_POOL_SIZE:-20}
ENV
    # Extra settings for both instances (the cluster test turns the write limits off).
    [ -f "$dir/extra.env" ] && cat "$dir/extra.env"
    return 0
}

start_instance() {
    local name=$1 port pidfile=$dir/instance-$1.pid
    pid_alive "$pidfile" && return 0
    port=$(instance_port "$name")
    instance_environment "$name" > "$dir/instance-$name.env"
    (
        set -a
        source "$dir/instance-$name.env"
        set +a
        exec "$(cat "$dir/binary")" serve >> "$dir/instance-$name.log" 2>&1
    ) &
    echo $! > "$pidfile"
    wait_ready "http://127.0.0.1:$port/health/ready" "instance $name" "$dir/instance-$name.log"
}

wait_ready() {
    local url=$1 what=$2 log=$3
    for _ in $(seq 1 600); do
        curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
        sleep 0.2
    done
    say "$what did not become ready within 120 s; last lines of $log:"
    tail -20 "$log" >&2
    exit 1
}

stop_pidfile() {
    local file=$1 signal=${2:-TERM}
    if pid_alive "$file"; then
        local pid
        pid=$(cat "$file")
        kill -"$signal" "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
}

up() {
    require_packages
    command -v curl >/dev/null || { say "curl is missing (apt-get install curl)"; exit 1; }
    mkdir -p "$dir"
    if [ -n "${MITREDEN_CLUSTER_BINARY:-}" ]; then
        echo "$MITREDEN_CLUSTER_BINARY" > "$dir/binary"
    else
        build_mitreden "${MITREDEN_CLUSTER_BUILD:-debug}" "$dir"
        echo "$mitreden" > "$dir/binary"
    fi
    say "primary on $primary_port (WAL archived to $dir/wal-archive)…"
    unset MITREDEN_PG_FAST
    MITREDEN_PG_ARCHIVE_DIR=$dir/wal-archive primary Deploy/local-postgres.sh start >/dev/null
    MITREDEN_DATABASE_URL=$(runtime_url) MITREDEN_MIGRATION_DATABASE_URL=$(owner_url) MITREDEN_LOG_LEVEL=warning \
        "$(cat "$dir/binary")" migrate >/dev/null
    # PgBouncer passes no startup parameters: the server-side timeout is the role's own.
    superuser_psql -c "ALTER ROLE mitreden_runtime SET statement_timeout = '30s'" >/dev/null
    say "replica on $replica_port (pg_basebackup, streaming)…"
    MITREDEN_PG_PRIMARY_DIR=$dir/primary MITREDEN_PG_PRIMARY_PORT=$primary_port replica Deploy/local-postgres.sh start-replica >/dev/null
    say "PgBouncer on $bouncer_port…"
    start_pgbouncer
    for name in a b; do
        say "instance $name on $(instance_port "$name")…"
        start_instance "$name"
    done
    say "HAProxy on $proxy_port (stats on $stats_port)…"
    start_haproxy
    wait_ready "http://127.0.0.1:$proxy_port/health/ready" "the proxy" "$dir/instance-a.log"
    echo "http://127.0.0.1:$proxy_port"
}

down() {
    stop_pidfile "$dir/haproxy/haproxy.pid"
    for name in a b; do stop_pidfile "$dir/instance-$name.pid"; done
    stop_pidfile "$dir/pgbouncer/pgbouncer.pid" TERM
    replica Deploy/local-postgres.sh stop 2>/dev/null || true
    primary Deploy/local-postgres.sh stop 2>/dev/null || true
}

status() {
    local failed=0
    line() { if "${@:2}"; then echo "$1: up"; else echo "$1: down"; failed=1; fi; }
    line "primary   127.0.0.1:$primary_port" primary Deploy/local-postgres.sh status
    line "replica   127.0.0.1:$replica_port" replica Deploy/local-postgres.sh status
    line "pgbouncer 127.0.0.1:$bouncer_port" pid_alive "$dir/pgbouncer/pgbouncer.pid"
    for name in a b; do
        line "instance $name 127.0.0.1:$(instance_port "$name")" curl -fsS -o /dev/null "http://127.0.0.1:$(instance_port "$name")/health/ready"
    done
    line "haproxy   127.0.0.1:$proxy_port" curl -fsS -o /dev/null "http://127.0.0.1:$proxy_port/health/ready"
    return $failed
}

case ${1:-} in
    up) up ;;
    down) down ;;
    status) status ;;
    kill) instance_port "${2:-}" >/dev/null; stop_pidfile "$dir/instance-$2.pid" KILL ;;
    start) instance_port "${2:-}" >/dev/null; start_instance "$2" ;;
    env)
        echo "cluster_dir=$dir"
        echo "proxy_url=http://127.0.0.1:$proxy_port"
        echo "owner_url=$(owner_url)"
        echo "replica_owner_url=$(with_port "$(owner_url)" "$replica_port")"
        echo "primary_port=$primary_port replica_port=$replica_port bouncer_port=$bouncer_port"
        echo "instance_a_url=http://127.0.0.1:$(instance_port a) instance_b_url=http://127.0.0.1:$(instance_port b)"
        ;;
    *) echo "usage: $0 up|down|status|kill a|b|start a|b|env (--help)" >&2; exit 64 ;;
esac
