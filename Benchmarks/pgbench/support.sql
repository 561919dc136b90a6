-- The statements PUT /v1/proposals/{id}/support runs for a new support, without HTTP:
-- the session lookup, the upsert and the counter update, in one transaction. `range` is
-- the number of proposals voted on: all of them, or the ten hottest (contention).
\set n random(1, :participants)
\set p random(1, :range)
BEGIN;
SELECT s.id, s.account_id FROM sessions s JOIN accounts a ON a.id = s.account_id
  WHERE s.token_hash = sha256(convert_to(format('bench-session-%s-token', lpad(:n::text, 7, '0')), 'UTF8')) AND a.status = 'active';
WITH target AS (SELECT (SELECT id FROM bench_proposals WHERE n = :p) AS proposal, (SELECT id FROM bench_accounts WHERE n = :n) AS account),
     inserted AS (
       INSERT INTO supports (proposal_id, account_id, campaign_id, created_at)
       SELECT proposal, account, ':campaign'::uuid, now() FROM target
       ON CONFLICT DO NOTHING RETURNING proposal_id)
UPDATE proposal_counters SET supports = supports + 1 WHERE proposal_id IN (SELECT proposal_id FROM inserted);
END;
