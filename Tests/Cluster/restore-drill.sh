#!/usr/bin/env bash
# The restore drill of docs/operations.md ("Backups and a restore to a point in time"), run
# against the cluster of Deploy/cluster.sh (Tests/Cluster/run.sh calls it after the load):
#
#   1. a base backup of the primary (pg_basebackup, no WAL of its own: the archive has it);
#   2. a vote through the proxy, then the chosen time T, then another vote;
#   3. the WAL segment holding both is archived (pg_switch_wal);
#   4. the base backup is restored into a new folder with restore_command from the archive
#      and recovery_target_time = T, started on a port of its own, promoted at T;
#   5. the vote before T is there, the vote after T is not.
#
# Exit 0 when both hold. Environment: as Deploy/cluster.sh (MITREDEN_CLUSTER_DIR,
# MITREDEN_CLUSTER_BASE_PORT); the restored cluster listens on base port + 3.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
source Deploy/lib/harness.sh
help_if_asked "$@"
eval "$(Deploy/cluster.sh env)"
base=${MITREDEN_CLUSTER_BASE_PORT:-25000}
restored_port=$((base + 3))
drill=$cluster_dir/restore-drill
archive=$cluster_dir/wal-archive
os_user=${MITREDEN_PG_USER:-postgres}
pgbin=$(dirname "$(ls /usr/lib/postgresql/*/bin/psql | tail -1)")
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u "$os_user" -- "$@"; else "$@"; fi; }
superuser() { as_owner "$pgbin/psql" -h "$cluster_dir/primary" -p "$primary_port" -U postgres -d mitreden -qAtX -v ON_ERROR_STOP=1 "$@"; }
owner() { "$pgbin/psql" "$owner_url" -qAtX -v ON_ERROR_STOP=1 "$@"; }

stop_restored() { as_owner "$pgbin/pg_ctl" -D "$drill/restored" -m immediate -w stop >/dev/null 2>&1 || true; }
stop_restored
rm -rf "$drill"
mkdir -p "$drill/socket"
[ "$(id -u)" = 0 ] && chown -R "$os_user" "$drill"

say "restore drill: base backup…"
as_owner "$pgbin/pg_basebackup" -h "$cluster_dir/primary" -p "$primary_port" -U postgres -D "$drill/base" -X none -c fast

proposal=$(owner -c "SELECT p.id FROM proposals p JOIN campaigns c ON c.id = p.campaign_id
                     WHERE c.slug = 'faults-dialog' ORDER BY p.created_at DESC, p.id LIMIT 1")
vote() {
    curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer faults-session-$1-token" "$proxy_url/v1/proposals/$proposal/support"
}
supports_of() {
    echo "SELECT count(*) FROM supports s JOIN accounts a ON a.id = s.account_id
          WHERE a.display_name = 'Faults$1' AND s.proposal_id = '$proposal'"
}
vote 40
sleep 1
target=$(owner -c "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'")
sleep 1
vote 41
[ "$(owner -c "$(supports_of 40)")" = 1 ] && [ "$(owner -c "$(supports_of 41)")" = 1 ] \
    || { say "restore drill: the votes did not reach the primary"; exit 1; }
segment=$(superuser -c "SELECT pg_walfile_name(pg_switch_wal())")
for _ in $(seq 1 300); do [ -f "$archive/$segment" ] && break; sleep 0.1; done
[ -f "$archive/$segment" ] || { say "restore drill: $segment was not archived within 30 s"; exit 1; }

say "restore drill: restoring to $target…"
as_owner cp -a "$drill/base" "$drill/restored"
cat >> "$drill/restored/postgresql.conf" <<CONF
# Added by the restore drill: replay the archive up to the chosen time, then become a primary.
unix_socket_directories = '$drill/socket'
archive_mode = off
restore_command = 'cp $archive/%f %p'
recovery_target_time = '$target'
recovery_target_action = 'promote'
CONF
as_owner touch "$drill/restored/recovery.signal"
trap stop_restored EXIT
as_owner "$pgbin/pg_ctl" -D "$drill/restored" -l "$drill/restored.log" -w -t 120 -o "-c port=$restored_port" start >/dev/null
restored_url=$(echo "$owner_url" | sed -E "s#@127\.0\.0\.1:[0-9]+/#@127.0.0.1:$restored_port/#")
for _ in $(seq 1 300); do
    [ "$("$pgbin/psql" "$restored_url" -qAtX -c "SELECT pg_is_in_recovery()" 2>/dev/null)" = f ] && break
    sleep 0.1
done
before=$("$pgbin/psql" "$restored_url" -qAtX -c "$(supports_of 40)")
after=$("$pgbin/psql" "$restored_url" -qAtX -c "$(supports_of 41)")
if [ "$before" = 1 ] && [ "$after" = 0 ]; then
    echo "restore drill: restored to $target; the vote before it is back (1), the vote after it is not (0) — ok"
else
    echo "restore drill: restored to $target; vote before: $before (want 1), vote after: $after (want 0) — BROKEN"
    tail -20 "$drill/restored.log" >&2
    exit 1
fi
