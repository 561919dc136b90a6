# Shared by the scripts that run Mitreden against a PostgreSQL of their own (the contract
# test, the fault tests, the benchmark). Source it after `cd` to the repository; it defines
# functions only and changes nothing until one is called.

say() { printf '\033[1m%s\033[0m\n' "$*" >&2; }

# Prints the calling script's header comment (from line 2 to `set -euo`) and exits, when the
# first argument asks for help.
help_if_asked() {
    if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
        sed -n '2,/^set -euo/p' "${BASH_SOURCE[1]}" | sed '$d; s/^# \{0,1\}//'
        exit 0
    fi
}

# build_mitreden CONFIGURATION LOGDIR: builds the `mitreden` product (debug or release) and
# sets $mitreden to the binary; on failure prints the end of the build log and exits.
build_mitreden() {
    local configuration=$1 log=$2/build.log
    say "building mitreden ($configuration)…"
    swift build -c "$configuration" --product mitreden > "$log" 2>&1 || { tail -40 "$log" >&2; exit 1; }
    mitreden=$(swift build -c "$configuration" --show-bin-path)/mitreden
}

# start_own_postgres DIR PORT: starts Deploy/local-postgres.sh's cluster in DIR on PORT
# (fsync stays on unless the caller exported MITREDEN_PG_FAST=1) and, on exit, stops the
# server whose pid is in $server_pid (if any) and then PostgreSQL. Sets $pgbin.
start_own_postgres() {
    export MITREDEN_PG_DIR=$1 MITREDEN_PG_PORT=$2
    Deploy/local-postgres.sh start >/dev/null
    server_pid=
    trap stop_server_and_postgres EXIT
    pgbin=$(dirname "$(ls /usr/lib/postgresql/*/bin/psql | tail -1)")
}

stop_server_and_postgres() {
    if [ -n "${server_pid:-}" ]; then kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true; fi
    Deploy/local-postgres.sh stop >/dev/null 2>&1 || true
}

# fresh_database NAME: drops and creates database NAME on the running cluster (the runtime
# role may connect to it) and sets $owner_url and $runtime_url to it.
fresh_database() {
    local name=$1 owner runtime
    owner=$(Deploy/local-postgres.sh migration-url)
    runtime=$(Deploy/local-postgres.sh url)
    "$pgbin/psql" "$owner" -v ON_ERROR_STOP=1 -qAt -c "SET client_min_messages = warning" \
        -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name" \
        -c "GRANT CONNECT ON DATABASE $name TO mitreden_runtime"
    owner_url=${owner%/*}/$name
    runtime_url=${runtime%/*}/$name
}

# start_cluster DIR BASE_PORT LOG_LEVEL: Deploy/cluster.sh's topology made anew in DIR on the
# ports from BASE_PORT (its binary: MITREDEN_CLUSTER_BINARY if set), with the write limits off
# (a load writes far faster than a person; they would answer 429), stopped again on exit.
# Sets the variables `Deploy/cluster.sh env` prints (owner_url, proxy_url, instance_a_url, …)
# and $pgbin.
start_cluster() {
    export MITREDEN_CLUSTER_DIR=$1 MITREDEN_CLUSTER_BASE_PORT=$2
    Deploy/cluster.sh down >/dev/null 2>&1 || true
    rm -rf "$MITREDEN_CLUSTER_DIR"
    mkdir -p "$MITREDEN_CLUSTER_DIR"
    cat > "$MITREDEN_CLUSTER_DIR/extra.env" <<ENV
MITREDEN_WRITE_LIMIT_VOTES=off
MITREDEN_WRITE_LIMIT_COMMENTS=off
MITREDEN_WRITE_LIMIT_BALLOTS=off
MITREDEN_LOG_LEVEL=$3
ENV
    trap 'Deploy/cluster.sh down >/dev/null 2>&1 || true' EXIT
    Deploy/cluster.sh up >/dev/null
    eval "$(Deploy/cluster.sh env)"
    pgbin=$(dirname "$(ls /usr/lib/postgresql/*/bin/psql | tail -1)")
}

# seed_fault_data MITREDEN ROOT PARTICIPANTS PROPOSALS COMMENTS: the fault tests' data, as the
# fault, cluster and upgrade tests use it: unit `faults`, the published campaigns
# faults-dialog and faults-budget (ROOT/Tests/Faults/*.yaml) created with the binary
# MITREDEN, then participants with sessions, proposals and comments written by
# ROOT/Tests/Faults/seed.sql. ROOT is a checkout (an older release seeds with its own files).
# Needs db() (psql as the owner) and MITREDEN_DATABASE_URL.
seed_fault_data() {
    local binary=$1 root=$2 file
    "$binary" unit create faults --name Faults >/dev/null
    for file in campaign-dialog campaign-budget; do "$binary" campaign create --file "$root/Tests/Faults/$file.yaml" >/dev/null; done
    "$binary" campaign publish faults-dialog >/dev/null
    "$binary" campaign publish faults-budget >/dev/null
    db -v participants="$3" -v proposals="$4" -v comments="$5" \
       -v dialog="$(db -c "SELECT id FROM campaigns WHERE slug = 'faults-dialog'")" \
       -v budget="$(db -c "SELECT id FROM campaigns WHERE slug = 'faults-budget'")" \
       -f "$root/Tests/Faults/seed.sql"
}
