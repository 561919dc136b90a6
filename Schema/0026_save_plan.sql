-- compatibility: expand
-- A budget plan written in one call, with its changes as one vector. Submitting a plan is the planner's hot write (issue 14):
-- written from the service, it was BEGIN, the participant's lock, the plan row, its lines
-- and COMMIT, five round trips. As one function call it is one, and still atomic: the call
-- is one statement, and every statement inside a PL/pgSQL function sees what was committed
-- before it started, so the lines are rewritten after the lock is held (a single statement
-- with the same steps as CTEs would share one snapshot taken before the lock, and could
-- leave lines of a concurrent replacement behind). Adds a function only; the previous
-- release never calls it.
--
-- Each plan also carries its change per item (amount − baseline) in the planner's item
-- order, written with it, so the summary of 100,000 plans reads one array per plan instead
-- of aggregating every line (that aggregation alone took 0.3 s). `changes_at` is the plan's
-- `updated_at` when the vector was written: a plan written otherwise (by a release before
-- this one, during a rolling upgrade) has another `updated_at`, and the summary reads its
-- lines instead.
ALTER TABLE plans ADD COLUMN changes bigint[], ADD COLUMN changes_at timestamptz;

-- lock_key: the participant's lock (`ParticipantLock`'s key, hashed as it hashes it), NULL
-- for a plan entered by staff. Without district, an online plan takes its account's.
-- justifications: '' stands for "none" (arrays of NULLs are not bound; a justification is
-- never empty). Returns the plan's id.
CREATE FUNCTION save_plan(
    lock_key text, planner uuid, account uuid, plan_status text, plan_channel text, plan_district text, balance bigint,
    entered_by_account uuid, written_at timestamptz, items text[], amounts bigint[], justifications text[], new_justification_status text
) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
    saved uuid;
    vector bigint[];
BEGIN
    IF lock_key IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(hashtextextended(lock_key, 6));
    END IF;
    vector := ARRAY(
        SELECT coalesce(l.amount, i.baseline_cents) - i.baseline_cents
        FROM planner_items i LEFT JOIN unnest(items, amounts) AS l(item, amount) ON l.item = i.key
        WHERE i.planner_id = planner ORDER BY i.position);
    INSERT INTO plans (planner_id, account_id, status, channel, district, balance_cents, entered_by, created_at, updated_at,
                       submitted_at, changes, changes_at)
    VALUES (planner, account, plan_status, plan_channel,
            coalesce(plan_district, (SELECT district FROM accounts WHERE id = account)), balance, entered_by_account, written_at, written_at,
            CASE WHEN plan_status = 'submitted' THEN written_at END, vector, written_at)
    ON CONFLICT ON CONSTRAINT plans_one_per_participant DO UPDATE SET district = EXCLUDED.district,
        balance_cents = EXCLUDED.balance_cents, updated_at = EXCLUDED.updated_at, submitted_at = EXCLUDED.submitted_at,
        changes = EXCLUDED.changes, changes_at = EXCLUDED.changes_at
    RETURNING id INTO saved;
    -- The lines no longer in the plan go; the others are written over.
    DELETE FROM plan_lines WHERE plan_id = saved AND item_key <> ALL (items);
    INSERT INTO plan_lines (plan_id, item_key, amount_cents, justification, justification_status)
    SELECT saved, l.item, l.amount, NULLIF(l.why, ''), CASE WHEN l.why <> '' THEN new_justification_status END
    FROM unnest(items, amounts, justifications) AS l(item, amount, why)
    ON CONFLICT (plan_id, item_key) DO UPDATE SET amount_cents = EXCLUDED.amount_cents,
        justification = EXCLUDED.justification, justification_status = EXCLUDED.justification_status;
    RETURN saved;
END
$$;
