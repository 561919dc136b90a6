-- Plans for the planner benchmark: every participant of bench_accounts gets a draft and a
-- submitted plan of bench-budget's planner, each moving a revenue and an expense item of
-- the same area by the same number of 1,000-euro steps (so balanced), written straight into
-- the tables. Variables: budget (id of bench-budget).
\set ON_ERROR_STOP on
SET synchronous_commit = off;
CREATE TEMPORARY TABLE bench_plan_choice AS
SELECT b.id AS account, b.n, lpad((1 + b.n % 12)::text, 2, '0') AS area, (b.n % 401 - 200) AS steps, s.status
FROM bench_accounts b CROSS JOIN (VALUES ('draft'), ('submitted')) AS s(status);
INSERT INTO plans (planner_id, account_id, status, channel, district, balance_cents, created_at, updated_at, submitted_at)
SELECT pl.id, c.account, c.status, 'online', 'd' || (c.n % 20), 0, now(), now(), CASE WHEN c.status = 'submitted' THEN now() END
FROM bench_plan_choice c CROSS JOIN planners pl WHERE pl.campaign_id = :'budget';
INSERT INTO plan_lines (plan_id, item_key, amount_cents)
SELECT p.id, side || c.area, 100000000 + c.steps * 100000
FROM bench_plan_choice c JOIN plans p ON p.account_id = c.account AND p.status = c.status
CROSS JOIN (VALUES ('r'), ('e')) AS x(side)
WHERE c.steps <> 0;
-- Each plan's change vector, as save_plan (Schema 0026) writes it with the plan.
UPDATE plans p SET changes = ARRAY(
        SELECT coalesce(l.amount_cents, i.baseline_cents) - i.baseline_cents
        FROM planner_items i LEFT JOIN plan_lines l ON l.plan_id = p.id AND l.item_key = i.key
        WHERE i.planner_id = p.planner_id ORDER BY i.position),
    changes_at = p.updated_at
WHERE p.planner_id = (SELECT id FROM planners WHERE campaign_id = :'budget');
-- The vectors were written by an UPDATE: vacuumed, so the summary does not read past the old rows.
VACUUM ANALYZE plans;
ANALYZE plan_lines;
