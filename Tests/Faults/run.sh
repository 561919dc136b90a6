#!/usr/bin/env bash
# Fault tests: a real PostgreSQL and the built `mitreden serve`, broken on purpose.
#
#   Tests/Faults/run.sh            every scenario (CI runs this after `make test`)
#   Tests/Faults/run.sh NAME…      only these (kill-postgres, kill-server, sigterm,
#                                  malformed, pool, restart-streams)
#   Tests/Faults/run.sh --help
#
# It starts a PostgreSQL of its own (Deploy/local-postgres.sh with fsync on: a vote that was
# acknowledged must survive a kill -9), creates a fresh database, migrates it as the owner,
# seeds participants with sessions, proposals and comments, and runs Tests/Faults/faults.py,
# which starts the server as the runtime role and kills, restarts and floods it and
# PostgreSQL. Each scenario prints one line of figures; the exit status is 1 when any
# invariant broke (the line says which), 0 when all held. A missing component (PostgreSQL,
# python3, the binary) fails the run; nothing is skipped.
#
# Environment: MITREDEN_FAULTS_PG_PORT (default 24349), MITREDEN_FAULTS_HTTP_PORT (default
# 18097), MITREDEN_FAULTS_BUILD (debug|release, default debug). Logs: .local/faults/.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
source Deploy/lib/harness.sh
help_if_asked "$@"

# Checked before the minutes of building and seeding; the same names as faults.py's SCENARIOS.
scenarios=" kill-postgres kill-server sigterm malformed pool restart-streams "
for name in "$@"; do
    [[ "$scenarios" == *" $name "* ]] || { echo "unknown scenario $name; known:$scenarios" >&2; exit 64; }
done

command -v python3 >/dev/null || { say "python3 is missing"; exit 1; }

build=${MITREDEN_FAULTS_BUILD:-debug}
work=$repo/.local/faults
mkdir -p "$work"
build_mitreden "$build" "$work"

# fsync on: a vote that was acknowledged must survive a kill -9.
unset MITREDEN_PG_FAST
start_own_postgres "$repo/.local/faults-postgres" "${MITREDEN_FAULTS_PG_PORT:-24349}"
fresh_database mitreden_faults
db() { "$pgbin/psql" "$owner_url" -v ON_ERROR_STOP=1 -qAt "$@"; }

say "seeding…"
export MITREDEN_DATABASE_URL=$runtime_url MITREDEN_MIGRATION_DATABASE_URL=$owner_url MITREDEN_LOG_LEVEL=warning
"$mitreden" migrate >/dev/null
seed_fault_data "$mitreden" "$repo" 300 3000 20000

export FAULTS_BINARY=$mitreden FAULTS_OWNER_URL=$owner_url FAULTS_PSQL=$pgbin/psql FAULTS_WORK=$work
export FAULTS_PG_DATA=$MITREDEN_PG_DIR/data FAULTS_HTTP_PORT=${MITREDEN_FAULTS_HTTP_PORT:-18097}
python3 Tests/Faults/faults.py "$@"
