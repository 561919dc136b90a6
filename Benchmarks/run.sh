#!/usr/bin/env bash
# The benchmark: Mitreden over HTTP against PostgreSQL's own limit on this machine.
#
#   Benchmarks/run.sh            full run (release build, 100,000 participants, 30 s per scenario)
#   Benchmarks/run.sh --quick    small data, a few seconds per scenario (CI runs this)
#   Benchmarks/run.sh --tenth    a tenth of the full data (to compare export memory)
#
# It builds, starts a PostgreSQL of its own (Deploy/local-postgres.sh, own directory and
# port), seeds a large campaign, starts the server and measures each scenario with wrk and
# the equivalent bare SQL with pgbench. Figures go to the terminal and to
# .local/bench/results-<mode>.json. Environment: MITREDEN_BENCH_BUILD (release|debug,
# default release), MITREDEN_BENCH_PG_PORT (default 24359), MITREDEN_BENCH_HTTP_PORT
# (default 18090), MITREDEN_BENCH_CONNECTIONS (default 32), MITREDEN_BENCH_DURATION.
# Scenarios after the ballots close the budget vote and read its stored results. The planner
# figures: plan submission (plan-submit, one participant's draft submitted per request), the
# summary of every participant's plan (`mitreden planner summary`) and plans.csv's memory. Then
# Benchmarks/cluster.sh measures support, top-first, proposal and comment again through
# HAProxy with two instances, PgBouncer and a streaming replica
# (MITREDEN_BENCH_CLUSTER_BASE_PORT, default 25030).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
source Deploy/lib/harness.sh
help_if_asked "$@"

mode=full
[ "${1:-}" = "--quick" ] && mode=quick
[ "${1:-}" = "--tenth" ] && mode=tenth
if [ "$mode" = tenth ]; then
    # A tenth of the full campaign, to show that export memory does not grow with the data.
    participants=10000 proposals=1000 supports=10 comments=10000 duration=${MITREDEN_BENCH_DURATION:-10s}
    voters=10000 projects=100 rules=""
elif [ "$mode" = quick ]; then
    participants=2000 proposals=500 supports=5 comments=2000 duration=${MITREDEN_BENCH_DURATION:-3s}
    voters=2000 projects=30 rules="--rule greedy_votes --rule mes_cost --rule mes_cost_add1"
else
    participants=100000 proposals=10000 supports=10 comments=100000 duration=${MITREDEN_BENCH_DURATION:-30s}
    voters=100000 projects=100 rules=""
fi
connections=${MITREDEN_BENCH_CONNECTIONS:-32}
build=${MITREDEN_BENCH_BUILD:-release}
http_port=${MITREDEN_BENCH_HTTP_PORT:-18090}
work=$repo/.local/bench
mkdir -p "$work"
rm -f "$work"/*.wrk "$work"/*.pgbench "$work"/pgbench_log.* "$work"/*.measure "$work"/cluster-*

if ! command -v wrk >/dev/null 2>&1; then
    say "installing wrk from Debian's packages…"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2
fi

build_mitreden "$build" "$work"

unset MITREDEN_PG_FAST
start_own_postgres "$repo/.local/bench-postgres" "${MITREDEN_BENCH_PG_PORT:-24359}"
fresh_database mitreden_bench
# The owner role migrates, seeds with psql and serves (one role for everything; the
# benchmark measures speed, not the two-role set-up).
export MITREDEN_DATABASE_URL=$owner_url MITREDEN_LOG_LEVEL=warning
db() { "$pgbin/psql" "$MITREDEN_DATABASE_URL" -v ON_ERROR_STOP=1 -qAt "$@"; }

say "seeding: $participants participants with sessions, $proposals proposals, $((participants * supports)) supports, $comments comments…"
"$mitreden" migrate >/dev/null
"$mitreden" unit create bench --name Benchmark >/dev/null
for file in campaign-dialog campaign-budget; do "$mitreden" campaign create --file "Benchmarks/$file.yaml" >/dev/null; done
"$mitreden" campaign publish bench-dialog >/dev/null
"$mitreden" campaign publish bench-budget >/dev/null
campaign=$(db -c "SELECT id FROM campaigns WHERE slug = 'bench-dialog'")
budget=$(db -c "SELECT id FROM campaigns WHERE slug = 'bench-budget'")
seed_start=$(date +%s%N)
db -v participants="$participants" -v proposals="$proposals" -v supports="$supports" -v comments="$comments" \
   -v campaign="$campaign" -v budget="$budget" -f Benchmarks/seed.sql
db -v budget="$budget" -f Benchmarks/planner-seed.sql
# The summary every submission's answer compares with, computed once as staff would.
"$mitreden" planner summary --campaign bench-budget > /dev/null
echo "seed_milliseconds $(( ($(date +%s%N) - seed_start) / 1000000 ))" > "$work/seed.measure"
db -c "SELECT id FROM bench_proposals ORDER BY n" > "$work/ids.txt"
db -c "SELECT id FROM proposals WHERE campaign_id = '$budget' ORDER BY title" > "$work/projects.txt"
# A cursor halfway down the top list: deep pages must cost what the first one does.
deep=$(db -c "SELECT pc.supports || '|' || upper(p.id::text) FROM proposals p JOIN proposal_counters pc ON pc.proposal_id = p.id
              WHERE p.campaign_id = '$campaign' ORDER BY pc.supports DESC, p.id OFFSET $((proposals / 2)) LIMIT 1")
deep_cursor=$(printf 'top|%s' "$deep" | base64 -w0 | sed 's/+/%2B/g; s/\//%2F/g; s/=/%3D/g')

say "starting the server on 127.0.0.1:$http_port…"
MITREDEN_PORT=$http_port MITREDEN_LOG_LEVEL=error "$mitreden" serve > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$http_port/health/ready" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fs "http://127.0.0.1:$http_port/health/ready" >/dev/null || { cat "$work/server.log" >&2; exit 1; }

export BENCH_DIR=$repo/Benchmarks BENCH_IDS=$work/ids.txt BENCH_PROJECTS=$work/projects.txt
export BENCH_PARTICIPANTS=$participants BENCH_DEEP_CURSOR=$deep_cursor
measure_wrk() {
    local scenario=$1
    say "wrk: $scenario ($connections connections, $duration)…"
    BENCH_SCENARIO=$scenario wrk -t2 -c"$connections" -d"$duration" --latency -s Benchmarks/wrk/scenario.lua \
        "http://127.0.0.1:$http_port" > "$work/$scenario.wrk" 2>&1 || true
    grep VmHWM "/proc/$server_pid/status" | awk '{print "server_peak_rss_kib", $2}' >> "$work/$scenario.wrk"
}
for scenario in support support-hot top-first; do measure_wrk "$scenario"; done
# The same first page revalidated: anonymous readers holding its ETag get 304 without a body.
BENCH_ETAG=$(curl -fs -D - -o /dev/null "http://127.0.0.1:$http_port/v1/campaigns/bench-dialog/proposals?sort=top&limit=20" \
    | tr -d '\r' | awk 'tolower($1) == "etag:" {print $2}')
export BENCH_ETAG
measure_wrk top-304
for scenario in top-deep search proposal ballot comment plan-submit; do measure_wrk "$scenario"; done

# Voting on the budget closes with the ballots the ballot scenario cast; its configured rule
# is computed once (as the result worker would), and anonymous readers get the stored run.
db -c "UPDATE phases SET ends_at = now() - interval '1 minute' WHERE campaign_id = '$budget' AND kind = 'voting'" \
   -c "INSERT INTO phases (campaign_id, position, kind, starts_at, ends_at)
       VALUES ('$budget', 1, 'results', now() - interval '1 minute', '2099-01-01')"
say "computing the budget's results ($(db -c "SELECT count(*) FROM ballots WHERE campaign_id = '$budget'") ballots)…"
python3 Benchmarks/measure.py "$work/results.measure" "$mitreden" results compute --campaign bench-budget > /dev/null || true
measure_wrk results

# Two pgbench figures per write: (a) the least SQL with the same effect, the machine's
# limit; (b) the very statements the service sends (support-service.sql and, for a plan
# submission, plan-submit-service.sql are generated from them and checked by a test), so
# HTTP and Swift overhead show apart from SQL overhead.
# Prepared, as the service's hot statements are.
for scenario in support:support:$proposals support-hot:support:10 support-service:support-service:$proposals \
                support-hot-service:support-service:10 top:top:$proposals plan-submit-service:plan-submit-service:1; do
    IFS=: read -r name script range <<< "$scenario"
    say "pgbench: $name ($connections clients, $duration)…"
    (cd "$work" && "$pgbin/pgbench" -n -M prepared -c "$connections" -j 2 -T "${duration%s}" -l --log-prefix="pgbench_log.$name" \
        -D participants="$participants" -D proposals="$proposals" -D range="$range" -D campaign="$campaign" \
        -f "$repo/Benchmarks/pgbench/$script.sql" "$MITREDEN_DATABASE_URL" > "$work/$name.pgbench" 2>&1) || true
done

kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=

cluster_failed=0
# The same scenarios through HAProxy, two instances, PgBouncer and a streaming replica
# (Deploy/cluster.sh on ports of its own), printed beside the figures above.
Benchmarks/cluster.sh "$mitreden" "$work" "$participants" "$proposals" "$supports" "$comments" "$duration" "$connections" \
    > "$work/cluster.log" 2>&1 || { cluster_failed=1; say "the cluster run failed; see $work/cluster.log"; tail -5 "$work/cluster.log" >&2; }

say "mail delivery through the outbox…"
# shellcheck disable=SC2046 # no argument in full mode
Benchmarks/outbox.sh $([ "$mode" = quick ] && echo --quick) > /dev/null 2>&1 || true

say "result rules on $projects projects × $voters voters…"
# shellcheck disable=SC2086 # $rules holds several options
"$mitreden" pabulib benchmark --projects "$projects" --voters "$voters" $rules > "$work/rules.measure" 2>&1 || true

say "planner summary of $(db -c "SELECT count(*) FROM plans WHERE status = 'submitted'") plans, and plans.csv…"
python3 Benchmarks/measure.py "$work/planner-summary.measure" "$mitreden" planner summary --campaign bench-budget --json || true
python3 Benchmarks/measure.py "$work/plans-export.measure" "$mitreden" export --campaign bench-budget plans.csv --output "$work/plans.csv" || true

say "export of the large campaign (bundle.zip)…"
python3 Benchmarks/measure.py "$work/export.measure" "$mitreden" export --campaign bench-dialog bundle.zip --output "$work/bundle.zip" || true

python3 Benchmarks/report.py "$work" "$mode" "$connections"
# The one-instance figures are printed either way; a broken cluster run still fails.
[ "$cluster_failed" = 0 ] || exit 1
