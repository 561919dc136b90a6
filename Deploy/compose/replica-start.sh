#!/bin/bash
# The replica: on its first start a copy of the primary (pg_basebackup -R writes
# standby.signal and primary_conninfo), then PostgreSQL as a hot standby.
set -euo pipefail
export PGDATA=/var/lib/postgresql/data
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    export PGPASSWORD=$MITREDEN_REPLICATION_PASSWORD
    until pg_isready -h primary -U replicator; do sleep 1; done
    pg_basebackup -h primary -U replicator -D "$PGDATA" -R -X stream -c fast
    chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on -c hot_standby_feedback=on
