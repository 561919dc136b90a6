#!/usr/bin/env bash
# Runs every test against the project's own PostgreSQL (installed, initialised and started
# by Deploy/local-postgres.sh if needed; stopped again afterwards if this script started it).
# Extra arguments go to `swift test` (e.g. --filter MigratorTests).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

# The report test renders report.html in a real headless Chromium from Debian's packages.
if ! command -v chromium >/dev/null 2>&1; then
    echo "installing Chromium from Debian's packages (for the report rendering test)…" >&2
    if [ "$(id -u)" != 0 ]; then
        echo "Chromium is missing; install it with: sudo apt-get install chromium" >&2
        exit 1
    fi
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >&2
fi

# The metrics test lints /metrics and the sample alerting rules with promtool, which Debian
# ships in its prometheus package.
if ! command -v promtool >/dev/null 2>&1; then
    echo "installing promtool from Debian's prometheus package (for the metrics test)…" >&2
    if [ "$(id -u)" != 0 ]; then
        echo "promtool is missing; install it with: sudo apt-get install prometheus" >&2
        exit 1
    fi
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >&2
fi

# The pooler tests run the server behind a real PgBouncer from Debian's package.
if ! [ -x /usr/sbin/pgbouncer ]; then
    echo "installing PgBouncer from Debian's packages (for the connection pooler tests)…" >&2
    if [ "$(id -u)" != 0 ]; then
        echo "PgBouncer is missing; install it with: sudo apt-get install pgbouncer" >&2
        exit 1
    fi
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pgbouncer >&2
fi

started_here=0
Deploy/local-postgres.sh status 2>/dev/null || started_here=1
# Without fsync, creating and dropping a database per test takes milliseconds. On a running
# cluster `start` only makes sure both roles exist (one made before the runtime role gets it).
MITREDEN_PG_FAST=1 Deploy/local-postgres.sh start >/dev/null
# The replica test makes a primary of its own and a streaming replica of it (TestReplica)
# and removes both; what an interrupted run left is removed here.
replica_port=${MITREDEN_REPLICA_PG_PORT:-$((${MITREDEN_PG_PORT:-24329} + 5))}
replica_primary_port=${MITREDEN_REPLICA_PRIMARY_PG_PORT:-$((${MITREDEN_PG_PORT:-24329} + 7))}
remove_cluster() { # folder port
    [ -d "$1" ] || return 0
    MITREDEN_PG_DIR=$1 MITREDEN_PG_PORT=$2 Deploy/local-postgres.sh stop || true
    rm -rf "$1"
}
cleanup() {
    remove_cluster "$repo/.local/test-replica-$replica_port" "$replica_port"
    remove_cluster "$repo/.local/test-cluster-replica-primary-$replica_primary_port" "$replica_primary_port"
    [ "$started_here" = 1 ] && Deploy/local-postgres.sh stop || true
}
trap cleanup EXIT

# The owner creates, migrates and drops a database per test; the server and the commands
# under test log in as the runtime role, as in production.
MITREDEN_TEST_DATABASE_URL=$(Deploy/local-postgres.sh migration-url)
MITREDEN_TEST_RUNTIME_DATABASE_URL=$(Deploy/local-postgres.sh url)
export MITREDEN_TEST_DATABASE_URL MITREDEN_TEST_RUNTIME_DATABASE_URL

# The CLI tests run the built executable, so build it (and everything else) first.
swift build
# How many tests run at once. Unbounded, the whole suite (some hundred tests, each with a
# server of its own, several sending bursts of concurrent requests) starved two cores until
# the test clients' 15–20 s read timeouts fired; six at a time keep every test's
# requests answered and the run about as fast.
parallel=${MITREDEN_TEST_PARALLELISM:-6}
swift test --experimental-maximum-parallelization-width "$parallel" "$@"
