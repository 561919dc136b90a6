#!/usr/bin/env bash
# The API contract, checked from outside: schemathesis generates requests from the
# document the server serves (/openapi.yaml) and checks every answer against it, three
# times — anonymously, as a verified participant and as staff.
#
#   Tests/Contract/run.sh            build (debug), start, seed, run the three roles
#   Tests/Contract/run.sh --help     this text
#
# The checks: not_a_server_error (a 500 is a bug), status_code_conformance (every status
# an operation answers is documented), content_type_conformance and
# response_schema_conformance. Any failure fails the script. CI runs it after `make test`.
#
# What it does: installs schemathesis (pinned, from PyPI) into .local/contract-venv;
# builds `mitreden`; starts a PostgreSQL of its own (Deploy/local-postgres.sh, its own
# directory and port); makes a fresh database, migrates it as the owner role and seeds it
# as the runtime role with `mitreden demo seed` (two published campaigns with units,
# staff, participants, proposals, comments and ballots) plus one verified participant of
# its own; starts `mitreden serve`; logs the participant and a staff member in; then runs
# schemathesis once per role.
#
# Determinism: Hypothesis' deterministic mode (no random seed, no example database) and one
# worker, so the same commit sends the same requests in the same order and CI is not
# flaky. The generation is bounded (--max-examples per operation) so the three runs take a
# few minutes on a debug build.
#
# Roles and exclusions:
#   anonymous    every operation, no Authorization header (secured ones must answer 401).
#   participant  a verified participant with a session. The operations that end the
#                session — DELETE /v1/sessions/current and DELETE /v1/me (erasure revokes
#                every session) — are left out: after either, every later request would be
#                a 401 for a stale token and the rest of the run would test nothing. Both
#                are covered by the Swift tests (SessionTests, GDPR tests).
#   staff        the demo's admin, who is also a manager of the budget campaign's unit
#                (bezirksamt-mitte), so the admin-only and the unit-staff operations both
#                answer with data. Left out besides the two above: PUT …/phases, which would
#                replace the demo schedule with generated windows, after which every
#                phase-dependent operation (supports, ballots, results) could only answer
#                409 and the run would no longer reach them.
#
# Path parameters `slug` and `area` are pinned to the demo's budget campaign
# (bezirksbudget-mitte, area st-georg) and `id` to a published proposal of the Domplatz
# dialogue, so reads and votes answer real data whose schema is checked, not only 404s
# (Tests/Contract/schemathesis.toml).
#
# Environment: MITREDEN_CONTRACT_PG_PORT (default 24389), MITREDEN_CONTRACT_HTTP_PORT
# (default 18095), MITREDEN_CONTRACT_MAX_EXAMPLES (default 12), MITREDEN_CONTRACT_ROLES
# (default "anonymous participant staff"), MITREDEN_CONTRACT_BINARY (check this `mitreden`
# instead of building one, e.g. an older build to compare).
# Reports (JUnit and the server log) go to .local/contract/.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
source Deploy/lib/harness.sh
help_if_asked "$@"

schemathesis_version=4.32.5
pg_port=${MITREDEN_CONTRACT_PG_PORT:-24389}
http_port=${MITREDEN_CONTRACT_HTTP_PORT:-18095}
max_examples=${MITREDEN_CONTRACT_MAX_EXAMPLES:-12}
roles=${MITREDEN_CONTRACT_ROLES:-anonymous participant staff}
work=$repo/.local/contract
venv=$repo/.local/contract-venv
mkdir -p "$work"
started=$(date +%s)

if [ "$("$venv/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $schemathesis_version" ]; then
    say "installing schemathesis $schemathesis_version from PyPI into .local/contract-venv…"
    if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >&2
    fi
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$schemathesis_version" >&2
fi

if [ -n "${MITREDEN_CONTRACT_BINARY:-}" ]; then
    mitreden=$MITREDEN_CONTRACT_BINARY
else
    build_mitreden debug "$work"
fi

export MITREDEN_PG_FAST=1
start_own_postgres "$repo/.local/contract-postgres" "$pg_port"
# A fresh database each run: the runs write (proposals, comments, ballots), and the next
# run must start from the same state to send the same requests.
fresh_database mitreden_contract
export MITREDEN_MIGRATION_DATABASE_URL=$owner_url MITREDEN_DATABASE_URL=$runtime_url
# Cheap bcrypt (the demo's participants share one hash anyway); limits high enough that a
# few hundred generated writes of one account are not all 429 (429 is documented, but a
# run of nothing but 429s would test nothing).
export MITREDEN_BCRYPT_COST=4 MITREDEN_LOG_LEVEL=warning
export MITREDEN_WRITE_LIMIT_PROPOSALS=off MITREDEN_WRITE_LIMIT_COMMENTS=off MITREDEN_WRITE_LIMIT_FLAGS=off
export MITREDEN_WRITE_LIMIT_VOTES=off MITREDEN_WRITE_LIMIT_BALLOTS=off

say "migrating and seeding (demo campaigns, staff, a participant)…"
"$mitreden" migrate >/dev/null
"$mitreden" demo seed --credentials "$work/credentials.txt" >/dev/null
participant_email=contract-participant@example.org
participant_password='contract participant 2026'
printf '%s\n' "$participant_password" \
    | "$mitreden" account create --email "$participant_email" --display-name Vertragstest >/dev/null
staff_email=admin@demo.mitreden.org
staff_password=$(awk -v e="$staff_email" '$1 == e {print $2}' "$work/credentials.txt")
"$mitreden" unit add-member bezirksamt-mitte "$staff_email" --role manager >/dev/null
# The path parameter `id` names the oldest published proposal of the Domplatz dialogue (in its
# discussion phase), so supports, ratings, comments and flags reach a real proposal.
MITREDEN_CONTRACT_PROPOSAL_ID=$("$pgbin/psql" "$MITREDEN_DATABASE_URL" -v ON_ERROR_STOP=1 -qAt -c "
    SELECT p.id FROM proposals p JOIN campaigns c ON c.id = p.campaign_id
    WHERE c.slug = 'domplatz-dialog' AND p.moderation_status = 'published' ORDER BY p.created_at, p.title LIMIT 1")
export MITREDEN_CONTRACT_PROPOSAL_ID

say "starting the server on 127.0.0.1:$http_port…"
env -u MITREDEN_MIGRATION_DATABASE_URL MITREDEN_PORT="$http_port" "$mitreden" serve > "$work/server.log" 2>&1 &
server_pid=$!
base=http://127.0.0.1:$http_port
for _ in $(seq 1 150); do
    curl -fs "$base/health/ready" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fs "$base/health/ready" >/dev/null || { cat "$work/server.log" >&2; exit 1; }

login() {
    curl -fs "$base/v1/sessions" -H 'Content-Type: application/json' \
        -d "$(python3 -c 'import json,sys; print(json.dumps({"email": sys.argv[1], "password": sys.argv[2]}))' "$1" "$2")" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

failed=()
run_role() {
    local role=$1
    shift
    say "schemathesis as $role…"
    local started_role
    started_role=$(date +%s)
    # From .local/contract, where schemathesis keeps its cache (.schemathesis/).
    if (cd "$work" && "$venv/bin/schemathesis" --no-color --config-file "$repo/Tests/Contract/schemathesis.toml" run "$base/openapi.yaml" \
        --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
        --phases examples,coverage,fuzzing \
        --max-examples "$max_examples" --generation-deterministic \
        --workers 1 --no-shrink --continue-on-failure --request-timeout 30 \
        --report junit --report-junit-path "$work/$role.junit.xml" \
        "$@") > "$work/$role.log" 2>&1; then
        tail -25 "$work/$role.log" >&2
    else
        cat "$work/$role.log" >&2
        failed+=("$role")
    fi
    say "$role: $(($(date +%s) - started_role)) s"
}

for role in $roles; do
    case $role in
        anonymous) run_role anonymous ;;
        participant)
            token=$(login "$participant_email" "$participant_password")
            run_role participant -H "Authorization: Bearer $token" \
                --exclude-operation-id deleteCurrentSession --exclude-operation-id eraseMe
            ;;
        staff)
            token=$(login "$staff_email" "$staff_password")
            run_role staff -H "Authorization: Bearer $token" \
                --exclude-operation-id deleteCurrentSession --exclude-operation-id eraseMe \
                --exclude-operation-id setCampaignPhases
            ;;
        *) echo "unknown role '$role' (anonymous, participant, staff)" >&2; exit 64 ;;
    esac
done

if grep -q '"status":500\|status: 500\| 500 Internal' "$work/server.log"; then
    say "the server log mentions a 500"
fi
say "contract run took $(($(date +%s) - started)) s"
if [ ${#failed[@]} -gt 0 ]; then
    say "contract failures as: ${failed[*]} (logs in .local/contract/)"
    exit 1
fi
say "the API keeps its contract for: $roles"
