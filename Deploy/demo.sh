#!/usr/bin/env bash
# Starts a working Mitreden on http://127.0.0.1:8080 (or MITREDEN_PORT): the project's own
# PostgreSQL, the schema migrated, the API serving in the foreground. Ctrl-C stops the
# server and the database it started. On first start it seeds the demo campaigns
# (`mitreden demo seed`) and prints the staff credentials.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

started_here=0
Deploy/local-postgres.sh status 2>/dev/null || started_here=1
# On a running cluster `start` only makes sure both roles exist.
Deploy/local-postgres.sh start >/dev/null
cleanup() { [ "$started_here" = 1 ] && Deploy/local-postgres.sh stop || true; }
trap cleanup EXIT

# Two roles, as in production: the owner migrates, the runtime role (which cannot alter
# tables or the audit log's triggers) seeds and serves. A MITREDEN_DATABASE_URL given by the
# caller is used as it is (with MITREDEN_MIGRATION_DATABASE_URL if the caller gives one).
if [ -z "${MITREDEN_DATABASE_URL:-}" ]; then
    MITREDEN_DATABASE_URL=$(Deploy/local-postgres.sh url)
    MITREDEN_MIGRATION_DATABASE_URL=${MITREDEN_MIGRATION_DATABASE_URL:-$(Deploy/local-postgres.sh migration-url)}
fi
export MITREDEN_DATABASE_URL
if [ -n "${MITREDEN_MIGRATION_DATABASE_URL:-}" ]; then export MITREDEN_MIGRATION_DATABASE_URL; fi

swift build --product mitreden
mitreden=$(swift build --product mitreden --show-bin-path)/mitreden
"$mitreden" migrate
# First start: two consultations with staff, participants and contributions. The staff
# passwords are generated once and kept (readable by this user only) for later starts.
credentials=.local/demo-credentials.txt
# The city's working-day calendar (Hamburg's holidays) for the response promise.
"$mitreden" calendar load Deploy/holidays/hamburg.csv >/dev/null
"$mitreden" demo seed --if-empty --credentials "$credentials" >/dev/null
[ -f "$credentials" ] && cat "$credentials"
# A developer's machine: without MITREDEN_MAIL_COMMAND mail goes to the log, and only in
# development mode with its body, so a registration can be verified with the code shown.
export MITREDEN_DEVELOPMENT=${MITREDEN_DEVELOPMENT:-1}
echo "Mitreden is starting on http://${MITREDEN_HOST:-127.0.0.1}:${MITREDEN_PORT:-8080} (Ctrl-C to stop)"
# The serving process does not get the owner's password.
env -u MITREDEN_MIGRATION_DATABASE_URL "$mitreden" serve
