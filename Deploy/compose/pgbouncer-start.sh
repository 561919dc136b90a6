#!/bin/bash
# PgBouncer from Debian's package in transaction mode in front of the primary; the API
# instances run with MITREDEN_DATABASE_POOLER=transaction (docs/operations.md).
set -euo pipefail
if ! command -v pgbouncer >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pgbouncer
fi
mkdir -p /etc/pgbouncer /run/pgbouncer
printf '"mitreden_runtime" "%s"\n' "$MITREDEN_RUNTIME_PASSWORD" > /etc/pgbouncer/userlist.txt
cat > /etc/pgbouncer/pgbouncer.ini <<INI
[databases]
mitreden = host=primary port=5432 dbname=mitreden
[pgbouncer]
listen_addr = 0.0.0.0
listen_port = 6432
auth_type = scram-sha-256
auth_file = /etc/pgbouncer/userlist.txt
pool_mode = transaction
default_pool_size = 20
max_client_conn = 500
INI
chown -R postgres /etc/pgbouncer /run/pgbouncer
exec pgbouncer -u postgres /etc/pgbouncer/pgbouncer.ini
