-- Generated from the service's own statements by Tests/MitredenStoreTests/Votes/BenchmarkStatementTests.swift
-- (MITREDEN_REGENERATE=1 Deploy/test.sh --filter BenchmarkStatement rewrites it): what
-- PUT /v1/proposals/{id}/support sends to PostgreSQL, without HTTP. `range` is the
-- number of proposals voted on.
\set n random(1, :participants)
\set p random(1, :range)
SELECT s.id AS session_id, s.expires_at, s.last_seen_at, a.id, a.email, a.display_name, a.role, a.status, a.verified_at, a.district, a.created_at, a.language,
ARRAY(SELECT u.slug FROM account_units m JOIN organization_units u ON u.id = m.unit_id
      WHERE m.account_id = a.id ORDER BY u.slug, m.role) AS unit_slugs,
ARRAY(SELECT u.name FROM account_units m JOIN organization_units u ON u.id = m.unit_id
      WHERE m.account_id = a.id ORDER BY u.slug, m.role) AS unit_names,
ARRAY(SELECT m.role FROM account_units m JOIN organization_units u ON u.id = m.unit_id
      WHERE m.account_id = a.id ORDER BY u.slug, m.role) AS unit_roles
FROM sessions s JOIN accounts a ON a.id = s.account_id
WHERE s.token_hash = sha256(convert_to(format('bench-session-%s-token', lpad(:n::text, 7, '0')), 'UTF8')) AND a.status = 'active' AND s.revoked_at IS NULL AND s.expires_at > now() AND s.last_seen_at > now() - interval '1 day';
BEGIN ISOLATION LEVEL READ COMMITTED;
WITH target AS (
    SELECT p.id, p.campaign_id, p.moderation_status = 'published' AS published, p.withdrawn_at IS NOT NULL AS withdrawn,
           c.status, c.settings::text AS settings, ph.kinds, ph.starts, ph.ends
    FROM proposals p JOIN campaigns c ON c.id = p.campaign_id
    CROSS JOIN LATERAL (
        SELECT coalesce(array_agg(kind ORDER BY starts_at), '{}') AS kinds,
               coalesce(array_agg(starts_at ORDER BY starts_at), '{}') AS starts,
               coalesce(array_agg(ends_at ORDER BY starts_at), '{}') AS ends
        FROM phases WHERE campaign_id = c.id) ph
    WHERE p.id = (SELECT id FROM bench_proposals WHERE n = :p)
), attempts AS (
    INSERT INTO write_limit_windows AS w (account_id, action, span_seconds, window_start, count)
SELECT (SELECT id FROM bench_accounts WHERE n = :n), 'vote', span, now(), 1 FROM unnest('{60,3600}'::integer[]) AS span ORDER BY span
ON CONFLICT (account_id, action, span_seconds) DO UPDATE SET
    count = CASE WHEN w.window_start + make_interval(secs => w.span_seconds) <= excluded.window_start
                 THEN 1 ELSE w.count + 1 END,
    window_start = CASE WHEN w.window_start + make_interval(secs => w.span_seconds) <= excluded.window_start
                        THEN excluded.window_start ELSE w.window_start END
RETURNING span_seconds, window_start, count
), held AS (
    INSERT INTO participant_tallies AS pt (campaign_id, account_id, supports)
    SELECT campaign_id, (SELECT id FROM bench_accounts WHERE n = :n), 0 FROM target WHERE published AND NOT withdrawn
    ON CONFLICT (campaign_id, account_id) DO UPDATE SET supports = pt.supports
    RETURNING supports
), added AS (
    INSERT INTO supports (proposal_id, account_id, campaign_id, created_at)
    SELECT id, (SELECT id FROM bench_accounts WHERE n = :n), campaign_id, now() FROM target WHERE published AND NOT withdrawn
    ON CONFLICT DO NOTHING RETURNING 1
)
SELECT t.id IS NOT NULL AS found, coalesce(t.published, false) AS published, coalesce(t.withdrawn, false) AS withdrawn,
t.status, t.settings, t.kinds AS phase_kinds, t.starts AS phase_starts, t.ends AS phase_ends,
ARRAY(SELECT span_seconds::bigint FROM attempts ORDER BY span_seconds) AS limit_spans,
ARRAY(SELECT window_start FROM attempts ORDER BY span_seconds) AS limit_starts,
ARRAY(SELECT count::bigint FROM attempts ORDER BY span_seconds) AS limit_counts, (SELECT count(*) FROM added) AS added, (SELECT supports::bigint FROM held) AS held,
       coalesce(k.supports, 0)::bigint AS supports, coalesce(k.pro, 0)::bigint AS pro, coalesce(k.contra, 0)::bigint AS contra,
       (SELECT value::bigint FROM ratings WHERE proposal_id = (SELECT id FROM bench_proposals WHERE n = :p) AND account_id = (SELECT id FROM bench_accounts WHERE n = :n)) AS rating
FROM (SELECT 1) AS one LEFT JOIN target t ON true LEFT JOIN proposal_counters k ON k.proposal_id = t.id;
COMMIT;
