#!/usr/bin/env bash
# Starts a working Mitreden on http://127.0.0.1:8080 (or MITREDEN_PORT): the project's own
# PostgreSQL, the schema migrated, the API serving in the foreground. Ctrl-C stops the
# server and the database it started. On first start it seeds the demo campaigns
# (`mitreden demo seed`) and prints the staff credentials.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

started_here=0
if ! Deploy/local-postgres.sh status 2>/dev/null; then
    Deploy/local-postgres.sh start >/dev/null
    started_here=1
fi
cleanup() { [ "$started_here" = 1 ] && Deploy/local-postgres.sh stop || true; }
trap cleanup EXIT

MITREDEN_DATABASE_URL=${MITREDEN_DATABASE_URL:-$(Deploy/local-postgres.sh url)}
export MITREDEN_DATABASE_URL

swift build --product mitreden
mitreden=$(swift build --product mitreden --show-bin-path)/mitreden
"$mitreden" migrate
# First start: two consultations with staff, participants and contributions. The staff
# passwords are generated once and kept (readable by this user only) for later starts.
credentials=.local/demo-credentials.txt
"$mitreden" demo seed --if-empty --credentials "$credentials" >/dev/null
[ -f "$credentials" ] && cat "$credentials"
# A developer's machine: without MITREDEN_MAIL_COMMAND mail goes to the log, and only in
# development mode with its body, so a registration can be verified with the code shown.
export MITREDEN_DEVELOPMENT=${MITREDEN_DEVELOPMENT:-1}
echo "Mitreden is starting on http://${MITREDEN_HOST:-127.0.0.1}:${MITREDEN_PORT:-8080} (Ctrl-C to stop)"
"$mitreden" serve
