-- Generated from the service's own statements by Tests/MitredenStoreTests/Votes/BenchmarkStatementTests.swift
-- (MITREDEN_REGENERATE=1 Deploy/test.sh --filter BenchmarkStatement rewrites it): what
-- POST /v1/campaigns/bench-budget/planner/plan/submit sends to PostgreSQL, without HTTP.
\set n random(1, :participants)
SELECT s.id AS session_id, s.expires_at, s.last_seen_at, a.id, a.email, a.display_name, a.role, a.status, a.verified_at, a.district, a.created_at, a.language,
ARRAY(SELECT u.slug FROM account_units m JOIN organization_units u ON u.id = m.unit_id
      WHERE m.account_id = a.id ORDER BY u.slug, m.role) AS unit_slugs,
ARRAY(SELECT u.name FROM account_units m JOIN organization_units u ON u.id = m.unit_id
      WHERE m.account_id = a.id ORDER BY u.slug, m.role) AS unit_names,
ARRAY(SELECT m.role FROM account_units m JOIN organization_units u ON u.id = m.unit_id
      WHERE m.account_id = a.id ORDER BY u.slug, m.role) AS unit_roles
FROM sessions s JOIN accounts a ON a.id = s.account_id
WHERE s.token_hash = sha256(convert_to(format('bench-session-%s-token', lpad(:n::text, 7, '0')), 'UTF8')) AND a.status = 'active' AND s.revoked_at IS NULL AND s.expires_at > now() AND s.last_seen_at > now() - interval '1 day';
SELECT c.id, u.slug AS unit_slug, c.slug, c.title, c.summary, c.description, c.kind, c.status,
c.proposal_moderation, c.comment_moderation, c.settings::text AS settings, c.created_at,
ARRAY(SELECT kind FROM phases WHERE campaign_id = c.id ORDER BY starts_at) AS phase_kinds,
ARRAY(SELECT starts_at FROM phases WHERE campaign_id = c.id ORDER BY starts_at) AS phase_starts,
ARRAY(SELECT ends_at FROM phases WHERE campaign_id = c.id ORDER BY starts_at) AS phase_ends,
ARRAY(SELECT slug FROM categories WHERE campaign_id = c.id ORDER BY position, slug) AS category_slugs,
ARRAY(SELECT name FROM categories WHERE campaign_id = c.id ORDER BY position, slug) AS category_names,
ARRAY(SELECT slug FROM budget_areas WHERE campaign_id = c.id ORDER BY position, slug) AS area_slugs,
ARRAY(SELECT name FROM budget_areas WHERE campaign_id = c.id ORDER BY position, slug) AS area_names,
ARRAY(SELECT budget_cents FROM budget_areas WHERE campaign_id = c.id ORDER BY position, slug) AS area_budgets,
EXISTS (SELECT 1 FROM planners WHERE campaign_id = c.id) AS has_planner FROM campaigns c JOIN organization_units u ON u.id = c.unit_id WHERE c.slug = 'bench-budget';
WITH attempts AS (INSERT INTO write_limit_windows AS w (account_id, action, span_seconds, window_start, count)
SELECT (SELECT id FROM bench_accounts WHERE n = :n), 'ballot', span, now(), 1 FROM unnest('{60,3600}'::integer[]) AS span ORDER BY span
ON CONFLICT (account_id, action, span_seconds) DO UPDATE SET
    count = CASE WHEN w.window_start + make_interval(secs => w.span_seconds) <= excluded.window_start
                 THEN 1 ELSE w.count + 1 END,
    window_start = CASE WHEN w.window_start + make_interval(secs => w.span_seconds) <= excluded.window_start
                        THEN excluded.window_start ELSE w.window_start END
RETURNING span_seconds, window_start, count)
SELECT pl.id AS planner_id, pl.xmin::text AS planner_version,
       ARRAY(SELECT span_seconds::bigint FROM attempts ORDER BY span_seconds) AS limit_spans,
       ARRAY(SELECT window_start FROM attempts ORDER BY span_seconds) AS limit_starts,
       ARRAY(SELECT count::bigint FROM attempts ORDER BY span_seconds) AS limit_counts,
       d.id AS draft_id, d.channel, d.balance_cents, d.updated_at,
       ARRAY(SELECT item_key FROM plan_lines WHERE plan_id = d.id ORDER BY item_key) AS items,
       ARRAY(SELECT amount_cents FROM plan_lines WHERE plan_id = d.id ORDER BY item_key) AS amounts,
       ARRAY(SELECT coalesce(justification, '') FROM plan_lines WHERE plan_id = d.id ORDER BY item_key) AS texts,
       ARRAY(SELECT coalesce(justification_status, '') FROM plan_lines WHERE plan_id = d.id ORDER BY item_key) AS statuses
FROM (SELECT 1) AS one
LEFT JOIN planners pl ON pl.campaign_id = (SELECT id FROM campaigns WHERE slug = 'bench-budget')
LEFT JOIN plans d ON d.planner_id = pl.id AND d.account_id = (SELECT id FROM bench_accounts WHERE n = :n) AND d.status = 'draft'
\gset
SELECT save_plan(upper((SELECT id FROM campaigns WHERE slug = 'bench-budget')::text) || '/' || upper((SELECT id FROM bench_accounts WHERE n = :n)::text), :planner_id, (SELECT id FROM bench_accounts WHERE n = :n), 'submitted', 'online', NULL, :balance_cents, NULL, now(), :items::text[], :amounts::bigint[], :texts::text[], 'published');
