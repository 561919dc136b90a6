#!/usr/bin/env bash
# The cluster test (CI runs it): Deploy/cluster.sh's topology on loopback ports of its own —
# primary, streaming replica, PgBouncer in transaction mode, two `mitreden serve`, HAProxy —
# seeded like the fault tests, then
#
#   1. Tests/Cluster/cluster.py: 20 participants vote and comment through the proxy (with
#      anonymous readers beside them) while instance "a" is killed with SIGKILL and started
#      again: acknowledged votes lost 0, failures only in flight at the kill, none after the
#      client resent an idempotent request; both instances report the replica serving and
#      anonymous reads went there;
#   2. Tests/Cluster/restore-drill.sh: base backup + WAL archive, restore to a point in time.
#
# The replica lag rules (a voter sees their vote, anonymous readers move to the primary once
# the lag passes the limit) are tested in Swift with pg_wal_replay_pause()
# (ReadReplicaTests). Exit 1 when any invariant broke; a missing component fails, nothing
# is skipped. Environment: MITREDEN_CLUSTER_BASE_PORT (default 25000, uses +0…+21),
# MITREDEN_CLUSTER_BUILD (debug|release, default debug). Logs: .local/cluster-test/.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
source Deploy/lib/harness.sh
help_if_asked "$@"
command -v python3 >/dev/null || { say "python3 is missing"; exit 1; }
command -v curl >/dev/null || { say "curl is missing (apt-get install curl)"; exit 1; }

start_cluster "$repo/.local/cluster-test" "${MITREDEN_CLUSTER_BASE_PORT:-25000}" warning
mitreden=$(cat "$cluster_dir/binary")

say "seeding…"
db() { "$pgbin/psql" "$owner_url" -v ON_ERROR_STOP=1 -qAt "$@"; }
runtime_direct=$(grep '^MITREDEN_DATABASE_URL=' "$cluster_dir/instance-a.env" | cut -d= -f2- \
    | sed -E "s#@127\.0\.0\.1:[0-9]+/#@127.0.0.1:$primary_port/#")
export MITREDEN_DATABASE_URL=$runtime_direct MITREDEN_MIGRATION_DATABASE_URL=$owner_url MITREDEN_LOG_LEVEL=warning
seed_fault_data "$mitreden" "$repo" 60 500 2000

status=0
CLUSTER_PROXY_PORT=${proxy_url##*:} CLUSTER_SCRIPT=$repo/Deploy/cluster.sh CLUSTER_PSQL=$pgbin/psql \
CLUSTER_OWNER_URL=$owner_url CLUSTER_INSTANCE_URLS="$instance_a_url $instance_b_url" \
    python3 Tests/Cluster/cluster.py || status=1
Tests/Cluster/restore-drill.sh || status=1
exit $status
