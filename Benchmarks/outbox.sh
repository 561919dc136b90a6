#!/usr/bin/env bash
# Mail delivery: mails per second through the real worker and SendmailTransport (one
# `sh -c 'cat >> file'` per mail), and how soon a mail queued to an idle worker leaves.
#
#   Benchmarks/outbox.sh            20,000 mails
#   Benchmarks/outbox.sh --quick    2,000 mails (a few seconds; run.sh --quick calls this)
#
# Runs `mitreden mail benchmark` on a scratch database (mitreden_outbox_bench) of the bench
# PostgreSQL (started here unless run.sh already did), prints one line and writes it to
# .local/bench/outbox.measure. Environment as for run.sh: MITREDEN_BENCH_BUILD,
# MITREDEN_BENCH_PG_PORT, MITREDEN_MAIL_CONCURRENCY (default 8).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

mails=20000
[ "${1:-}" = "--quick" ] && mails=2000
build=${MITREDEN_BENCH_BUILD:-release}
work=$repo/.local/bench
mkdir -p "$work"

swift build -c "$build" --product mitreden > "$work/outbox-build.log" 2>&1 || { tail -40 "$work/outbox-build.log" >&2; exit 1; }
mitreden=$(swift build -c "$build" --show-bin-path)/mitreden

export MITREDEN_PG_DIR=$repo/.local/bench-postgres MITREDEN_PG_PORT=${MITREDEN_BENCH_PG_PORT:-24359}
unset MITREDEN_PG_FAST
started_here=0
Deploy/local-postgres.sh status >/dev/null 2>&1 || started_here=1
Deploy/local-postgres.sh start >/dev/null
sink=$work/outbox-mail.txt
cleanup() {
    rm -f "$sink"
    [ "$started_here" = 1 ] && Deploy/local-postgres.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

admin_url=$(Deploy/local-postgres.sh migration-url)
psql=$(dirname "$(ls /usr/lib/postgresql/*/bin/psql | tail -1)")/psql
"$psql" "$admin_url" -v ON_ERROR_STOP=1 -qAt -c "SET client_min_messages = warning" \
    -c "DROP DATABASE IF EXISTS mitreden_outbox_bench WITH (FORCE)" -c "CREATE DATABASE mitreden_outbox_bench"
export MITREDEN_DATABASE_URL=${admin_url%/*}/mitreden_outbox_bench MITREDEN_LOG_LEVEL=warning
unset MITREDEN_MIGRATION_DATABASE_URL
"$mitreden" migrate >/dev/null
rm -f "$sink"
"$mitreden" mail benchmark --mails "$mails" --concurrency "${MITREDEN_MAIL_CONCURRENCY:-8}" --output "$sink" | tee "$work/outbox.measure"
# Every mail reached the command once: one To: header per mail in the file.
delivered=$(grep -c '^To: ' "$sink" || true)
expected=$((mails + 11))
echo "delivered to the file: $delivered of $expected" | tee -a "$work/outbox.measure"
[ "$delivered" = "$expected" ]
