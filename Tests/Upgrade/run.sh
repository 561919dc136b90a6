#!/usr/bin/env bash
# A rolling upgrade with real binaries: the previous release keeps serving on the schema the
# new one migrated to, as docs/operations.md ("Rolling upgrade") describes.
#
#   Tests/Upgrade/run.sh          (CI runs this; the first run builds the previous release,
#                                  a few minutes; later runs reuse its build)
#
#   1. builds this checkout's `mitreden` and the previous release (the commit in
#      Tests/Upgrade/previous-release, exported with git archive into .local/upgrade/previous);
#   2. on a PostgreSQL of its own, the previous release migrates and seeds a dialogue;
#   3. this build migrates, and the next release's first step is taken on top: an `expand`
#      migration (a column and a table) recorded as the upgraded instance would record it;
#   4. the previous release's `mitreden serve` must be ready and serve: a participant
#      supports a proposal and reads the count back, an anonymous reader lists the proposals;
#   5. a `contract` migration recorded on top: the previous release's readiness must now
#      answer 503 naming the schema, so the proxy takes it out before it fails requests.
#
# Environment: MITREDEN_UPGRADE_PG_PORT (default 24369), MITREDEN_UPGRADE_HTTP_PORT (default
# 18098). Logs: .local/upgrade/. A missing commit (a shallow clone) fails with what to do.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
source Deploy/lib/harness.sh
help_if_asked "$@"

previous=$(grep -v '^#' Tests/Upgrade/previous-release | head -n 1 | tr -d '[:space:]')
if ! git cat-file -e "$previous^{commit}" 2>/dev/null && [ "$(git rev-parse --is-shallow-repository)" = true ]; then
    say "a shallow clone: fetching the history for the previous release…"
    git fetch --quiet --unshallow || true
fi
git cat-file -e "$previous^{commit}" 2>/dev/null \
    || { say "the previous release $previous is not in this clone; fetch the history (git fetch --unshallow)"; exit 1; }

work=$repo/.local/upgrade
mkdir -p "$work"
build_mitreden debug "$work"
current=$mitreden

# The previous release's sources, exported anew when the commit changes; its .build stays,
# so a second run only links.
tree=$work/previous
if [ "$(cat "$tree/.commit" 2>/dev/null)" != "$previous" ]; then
    say "exporting the previous release ${previous:0:12}…"
    find "$tree" -mindepth 1 -maxdepth 1 ! -name .build -exec rm -rf {} + 2>/dev/null || true
    mkdir -p "$tree"
    git archive "$previous" | tar -x -C "$tree"
    echo "$previous" > "$tree/.commit"
fi
say "building the previous release ${previous:0:12} (debug)…"
(cd "$tree" && swift build --product mitreden > "$work/previous-build.log" 2>&1) || { tail -40 "$work/previous-build.log" >&2; exit 1; }
old=$(cd "$tree" && swift build --show-bin-path)/mitreden

unset MITREDEN_PG_FAST
start_own_postgres "$repo/.local/upgrade-postgres" "${MITREDEN_UPGRADE_PG_PORT:-24369}"
fresh_database mitreden_upgrade
db() { "$pgbin/psql" "$owner_url" -v ON_ERROR_STOP=1 -qAt "$@"; }
export MITREDEN_DATABASE_URL=$runtime_url MITREDEN_MIGRATION_DATABASE_URL=$owner_url MITREDEN_LOG_LEVEL=warning

say "the previous release migrates and seeds…"
"$old" migrate >/dev/null
seed_fault_data "$old" "$tree" 5 10 10
previous_version=$(db -c "SELECT max(version) FROM schema_migrations")

say "this build migrates, then the next release's expand step…"
"$current" migrate >/dev/null
next=$(( $(db -c "SELECT max(version) FROM schema_migrations") + 1 ))
db -c "ALTER TABLE proposals ADD COLUMN next_release_note text" \
   -c "CREATE TABLE next_release_things (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)" \
   -c "INSERT INTO schema_migrations (version, file_name, checksum, compatibility)
       VALUES ($next, '$(printf %04d "$next")_next_release.sql', 'next-release', 'expand')"

port=${MITREDEN_UPGRADE_HTTP_PORT:-18098}
base=http://127.0.0.1:$port
MITREDEN_PORT=$port "$old" serve > "$work/previous-serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 150); do curl -fs "$base/health/live" >/dev/null 2>&1 && break; sleep 0.2; done

failed=0
check() { # check NAME WANT GOT
    if [ "$2" = "$3" ]; then echo "upgrade: $1: $3 — ok"; else echo "upgrade: $1: got $3, want $2 — BROKEN"; failed=1; fi
}
status() { curl -s -o "$work/body.json" -w '%{http_code}' "$@"; }

check "previous release (schema $previous_version) ready on schema $next (expand)" 200 "$(status "$base/health/ready")"
proposal=$(db -c "SELECT p.id FROM proposals p JOIN campaigns c ON c.id = p.campaign_id
                  WHERE c.slug = 'faults-dialog' ORDER BY p.created_at LIMIT 1")
token=faults-session-1-token
check "support by a participant" 200 "$(status -X PUT -H "Authorization: Bearer $token" "$base/v1/proposals/$proposal/support")"
status -H "Authorization: Bearer $token" "$base/v1/proposals/$proposal" >/dev/null
check "the count read back" 1 "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["supports"])' "$work/body.json")"
check "stored in the database" 1 "$(db -c "SELECT count(*) FROM supports WHERE proposal_id = '$proposal'")"
check "anonymous list of proposals" 200 "$(status "$base/v1/campaigns/faults-dialog/proposals?sort=top&limit=5")"

db -c "INSERT INTO schema_migrations (version, file_name, checksum, compatibility)
       VALUES ($((next + 1)), '$(printf %04d $((next + 1)))_next_release_contract.sql', 'next-release', 'contract')"
check "previous release ready after a contract migration" 503 "$(status "$base/health/ready")"
contract=$(printf %04d $((next + 1)))_next_release_contract.sql
grep -q "$contract" "$work/body.json" && echo "upgrade: its readiness names $contract — ok" \
    || { echo "upgrade: its readiness does not name $contract: $(cat "$work/body.json") — BROKEN"; failed=1; }

exit "$failed"
