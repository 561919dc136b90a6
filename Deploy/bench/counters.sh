#!/usr/bin/env bash
# Measures the vote-counter design under a million supports: sizes of proposals and
# proposal_counters, their dead tuples, and the time of the "top proposals" query, before
# and after. Each support runs the statement of Supports.add (INSERT … ON CONFLICT DO
# NOTHING; the supports_count trigger moves the counter only when a row was inserted) as
# its own transaction, driven by pgbench with several clients.
#
#   Deploy/bench/counters.sh postgres://user:pass@127.0.0.1:24329/postgres [supports] [clients]
#
# Creates and drops a database of its own (mitreden_counter_bench); needs `mitreden`
# built (.build/debug or .build/release) for the schema.
set -euo pipefail
admin_url=${1:?usage: counters.sh ADMIN_DATABASE_URL [supports] [clients]}
supports=${2:-1000000}
clients=${3:-4}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
binary=$repo/.build/release/mitreden
[ -x "$binary" ] || binary=$repo/.build/debug/mitreden
db=mitreden_counter_bench
url=${admin_url%/*}/$db

psql "$admin_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
MITREDEN_DATABASE_URL=$url "$binary" migrate >/dev/null
proposals=200
accounts=$(( (supports + proposals - 1) / proposals ))

psql "$url" -q <<SQL
INSERT INTO organization_units (slug, name) VALUES ('bench', 'Bench');
INSERT INTO campaigns (unit_id, slug, title, kind, status) SELECT id, 'bench', 'Bench', 'dialogue', 'published' FROM organization_units;
-- Proposals with a realistic 2 KB body: the table the proposal list reads.
INSERT INTO proposals (campaign_id, title, body, moderation_status, created_at)
SELECT c.id, 'Proposal ' || n, (SELECT string_agg(md5(n::text || '/' || g::text), ' ') FROM generate_series(1, 60) g), 'published', now()
FROM campaigns c, generate_series(1, $proposals) n;
INSERT INTO accounts (status, created_at) SELECT 'erased', now() FROM generate_series(1, $accounts);
CREATE TABLE bench_p AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, campaign_id FROM proposals;
CREATE TABLE bench_a AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM accounts;
CREATE UNIQUE INDEX ON bench_p (n); CREATE UNIQUE INDEX ON bench_a (n);
CREATE SEQUENCE bench_k;
VACUUM ANALYZE proposals, proposal_counters, supports, accounts, bench_p, bench_a;
SQL

report() {
    psql "$url" -At <<'SQL'
SELECT 'proposals ' || pg_size_pretty(pg_relation_size('proposals')) || ', proposal_counters ' || pg_size_pretty(pg_relation_size('proposal_counters'))
    || ', supports ' || pg_size_pretty(pg_total_relation_size('supports'));
SELECT relname || ': live ' || n_live_tup || ', dead ' || n_dead_tup || ', hot updates ' || n_tup_hot_upd || ' of ' || n_tup_upd
    || ', autovacuums ' || autovacuum_count FROM pg_stat_user_tables WHERE relname IN ('proposals', 'proposal_counters') ORDER BY relname;
SQL
    # The proposal list sorted by supports, best of five.
    for _ in 1 2 3 4 5; do
        psql "$url" -At -c "EXPLAIN (ANALYZE, FORMAT JSON) SELECT p.id, p.title, k.supports FROM proposals p JOIN proposal_counters k ON k.proposal_id = p.id WHERE p.campaign_id = (SELECT id FROM campaigns) AND p.moderation_status = 'published' ORDER BY k.supports DESC, p.id LIMIT 20" \
            | grep -o '"Execution Time": [0-9.]*'
    done | sort -t: -k2 -n | head -1 | sed 's/^/top-20 query, best of 5: /; s/$/ ms/'
}

echo "== before"; report
script=$(mktemp)
cat >"$script" <<'PGB'
SELECT nextval('bench_k') - 1 AS k \gset
\set p :k % 200
\set a :k / 200
BEGIN;
INSERT INTO supports (proposal_id, account_id, campaign_id, created_at)
SELECT p.id, a.id, p.campaign_id, now() FROM bench_p p, bench_a a WHERE p.n = :p AND a.n = :a
ON CONFLICT DO NOTHING;
COMMIT;
PGB
per_client=$(( supports / clients ))
start=$(date +%s)
pgbench -n -f "$script" -c "$clients" -j 2 -t "$per_client" "$url" | grep -E "tps|latency average|processed"
echo "wall time: $(( $(date +%s) - start )) s"
rm -f "$script"
echo "== after $supports supports"; report
psql "$url" -At -c "SELECT 'supports rows ' || count(*) || ', counters sum ' || (SELECT sum(supports) FROM proposal_counters) FROM supports"
sleep 60
echo "== a minute later (autovacuum)"; report
psql "$admin_url" -qc "DROP DATABASE $db WITH (FORCE)"
