#!/usr/bin/env bash
# The benchmark's run through the scaled topology (called by Benchmarks/run.sh after the
# one-instance scenarios): Deploy/cluster.sh with the benchmark's binary — HAProxy, two
# `mitreden serve`, PgBouncer in transaction mode, the primary and a streaming replica — is
# seeded with the same data, and wrk measures the same scenarios through the proxy into
# .local/bench/cluster-<scenario>.wrk, which report.py prints beside the one-instance figures.
#
#   Benchmarks/cluster.sh MITREDEN_BINARY WORK PARTICIPANTS PROPOSALS SUPPORTS COMMENTS DURATION CONNECTIONS
#
# Ports: MITREDEN_BENCH_CLUSTER_BASE_PORT (default 25030, uses +0…+21).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
source Deploy/lib/harness.sh
help_if_asked "$@"
mitreden=$1 work=$2 participants=$3 proposals=$4 supports=$5 comments=$6 duration=$7 connections=$8

export MITREDEN_CLUSTER_BINARY=$mitreden
say "cluster: starting the topology on ports from ${MITREDEN_BENCH_CLUSTER_BASE_PORT:-25030}…"
start_cluster "$repo/.local/bench-cluster" "${MITREDEN_BENCH_CLUSTER_BASE_PORT:-25030}" error
db() { "$pgbin/psql" "$owner_url" -v ON_ERROR_STOP=1 -qAt "$@"; }

say "cluster: seeding the same data…"
export MITREDEN_DATABASE_URL=$owner_url MITREDEN_LOG_LEVEL=warning
"$mitreden" unit create bench --name Benchmark >/dev/null
for file in campaign-dialog campaign-budget; do "$mitreden" campaign create --file "Benchmarks/$file.yaml" >/dev/null; done
"$mitreden" campaign publish bench-dialog >/dev/null
"$mitreden" campaign publish bench-budget >/dev/null
campaign=$(db -c "SELECT id FROM campaigns WHERE slug = 'bench-dialog'")
budget=$(db -c "SELECT id FROM campaigns WHERE slug = 'bench-budget'")
db -v participants="$participants" -v proposals="$proposals" -v supports="$supports" -v comments="$comments" \
   -v campaign="$campaign" -v budget="$budget" -f Benchmarks/seed.sql
db -c "SELECT id FROM bench_proposals ORDER BY n" > "$work/cluster-ids.txt"
db -c "SELECT id FROM proposals WHERE campaign_id = '$budget' ORDER BY title" > "$work/cluster-projects.txt"

# The replica replays the seed first; measured only once both instances read from it.
for _ in $(seq 1 600); do
    serving=0
    for url in "$instance_a_url" "$instance_b_url"; do
        curl -fs "$url/health/ready" | grep -Eq '"state" *: *"serving"' && serving=$((serving + 1))
    done
    [ "$serving" = 2 ] && break
    sleep 0.5
done
[ "$serving" = 2 ] || { say "cluster: the replica did not catch up within 5 minutes"; exit 1; }

export BENCH_DIR=$repo/Benchmarks BENCH_IDS=$work/cluster-ids.txt BENCH_PROJECTS=$work/cluster-projects.txt
export BENCH_PARTICIPANTS=$participants
for scenario in support top-first proposal comment; do
    say "cluster wrk: $scenario through HAProxy ($connections connections, $duration)…"
    BENCH_SCENARIO=$scenario wrk -t2 -c"$connections" -d"$duration" --latency -s Benchmarks/wrk/scenario.lua \
        "$proxy_url" > "$work/cluster-$scenario.wrk" 2>&1 || true
done
# Which pool served the anonymous reads, summed over both instances.
for url in "$instance_a_url" "$instance_b_url"; do curl -fs "$url/metrics"; done \
    | awk '/^mitreden_public_reads_total/ { split($1, a, "\""); sum[a[2]] += $2 }
           END { for (pool in sum) printf "public_reads_%s %d\n", pool, sum[pool] }' > "$work/cluster-pools.measure"
