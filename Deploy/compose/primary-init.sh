#!/bin/bash
# First start of the primary (docker-entrypoint-initdb.d): the schema's owner, the runtime
# role (migration 0012 grants it the rows), a replication role, and replication access.
set -euo pipefail
psql -v ON_ERROR_STOP=1 -U postgres <<SQL
CREATE ROLE mitreden LOGIN PASSWORD '$MITREDEN_OWNER_PASSWORD';
CREATE ROLE mitreden_runtime LOGIN PASSWORD '$MITREDEN_RUNTIME_PASSWORD';
-- Behind PgBouncer no startup parameters arrive: the server-side timeout is the role's.
ALTER ROLE mitreden_runtime SET statement_timeout = '30s';
CREATE ROLE replicator LOGIN REPLICATION PASSWORD '$MITREDEN_REPLICATION_PASSWORD';
CREATE DATABASE mitreden OWNER mitreden;
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
