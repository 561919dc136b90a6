-- The statements PUT /v1/proposals/{id}/support runs for a new support, without HTTP:
-- the session lookup and the upsert (its trigger moves the counter), in one transaction. `range` is
-- the number of proposals voted on: all of them, or the ten hottest (contention).
\set n random(1, :participants)
\set p random(1, :range)
BEGIN;
SELECT s.id, s.account_id FROM sessions s JOIN accounts a ON a.id = s.account_id
  WHERE s.token_hash = sha256(convert_to(format('bench-session-%s-token', lpad(:n::text, 7, '0')), 'UTF8')) AND a.status = 'active';
INSERT INTO supports (proposal_id, account_id, campaign_id, created_at)
SELECT (SELECT id FROM bench_proposals WHERE n = :p), (SELECT id FROM bench_accounts WHERE n = :n), :campaign::uuid, now()
ON CONFLICT DO NOTHING;
END;
