-- compatibility: expand
-- The Haushaltsrechner (issue 14): a campaign's budget planner, citizens' plans and paper
-- plans, and the link from a proposal to the planner item it would change. Money is exact
-- integer cents; every amount is bounded so sums over a planner stay inside bigint.

-- One planner per campaign. Its definition may change only while no plan is submitted
-- (the service checks; a re-definition replaces the items whole).
CREATE TABLE planners (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    campaign_id uuid NOT NULL UNIQUE REFERENCES campaigns (id) ON DELETE CASCADE,
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    balance_rule text NOT NULL CHECK (balance_rule IN ('balanced', 'max_deficit', 'free')),
    max_deficit_cents bigint CHECK (max_deficit_cents BETWEEN 0 AND 10000000000000),
    projection_years integer NOT NULL DEFAULT 0 CHECK (projection_years BETWEEN 0 AND 30),
    households bigint CHECK (households BETWEEN 1 AND 100000000),
    -- The clustering's seed, stored so the typical plans can be recomputed exactly.
    cluster_seed bigint NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CHECK ((balance_rule = 'max_deficit') = (max_deficit_cents IS NOT NULL))
);

CREATE TABLE planner_areas (
    planner_id uuid NOT NULL REFERENCES planners (id) ON DELETE CASCADE,
    key text NOT NULL CHECK (key ~ '^[a-z0-9-]{1,60}$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    position integer NOT NULL,
    PRIMARY KEY (planner_id, key)
);

CREATE TABLE planner_items (
    planner_id uuid NOT NULL REFERENCES planners (id) ON DELETE CASCADE,
    key text NOT NULL CHECK (key ~ '^[a-z0-9-]{1,60}$'),
    area_key text NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    side text NOT NULL CHECK (side IN ('revenue', 'expense')),
    baseline_cents bigint NOT NULL,
    min_cents bigint NOT NULL CHECK (min_cents >= 0),
    max_cents bigint NOT NULL CHECK (max_cents <= 10000000000000),
    step_cents bigint NOT NULL CHECK (step_cents BETWEEN 1 AND 10000000000000),
    unit_label text CHECK (length(unit_label) BETWEEN 1 AND 100),
    unit_cost_cents bigint CHECK (unit_cost_cents BETWEEN 1 AND 10000000000000),
    protected boolean NOT NULL DEFAULT false,
    growth_basis_points integer NOT NULL DEFAULT 0 CHECK (growth_basis_points BETWEEN -10000 AND 10000),
    per_household boolean NOT NULL DEFAULT false,
    position integer NOT NULL,
    PRIMARY KEY (planner_id, key),
    FOREIGN KEY (planner_id, area_key) REFERENCES planner_areas (planner_id, key) ON DELETE CASCADE,
    CHECK (min_cents <= baseline_cents AND baseline_cents <= max_cents),
    CHECK ((unit_label IS NULL) = (unit_cost_cents IS NULL))
);

-- A participant's plan: one draft (resumable) and one submitted plan per planner, by the
-- key below; paper plans have no account and name their channel. balance_cents is the
-- plan's revenue − expense as the service computed it at submission.
CREATE TABLE plans (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    planner_id uuid NOT NULL REFERENCES planners (id) ON DELETE CASCADE,
    account_id uuid REFERENCES accounts (id),
    status text NOT NULL CHECK (status IN ('draft', 'submitted')),
    channel text NOT NULL DEFAULT 'online' CHECK (channel IN ('online', 'paper', 'mail', 'event')),
    district text CHECK (length(district) <= 80),
    balance_cents bigint NOT NULL,
    entered_by uuid REFERENCES accounts (id),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    submitted_at timestamptz,
    CONSTRAINT plans_one_per_participant UNIQUE (planner_id, account_id, status),
    CHECK ((channel = 'online') = (account_id IS NOT NULL)),
    CHECK ((status = 'submitted') = (submitted_at IS NOT NULL)),
    CHECK (channel = 'online' OR status = 'submitted')
);
CREATE INDEX plans_submitted ON plans (planner_id, id) WHERE status = 'submitted';

-- The lines of a plan that differ from the baseline or carry a justification. A
-- justification is moderated like a comment: pending under the campaign's
-- pre-moderation, published otherwise; only published ones leave the service.
CREATE TABLE plan_lines (
    plan_id uuid NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    item_key text NOT NULL,
    amount_cents bigint NOT NULL CHECK (amount_cents BETWEEN 0 AND 10000000000000),
    justification text CHECK (length(justification) BETWEEN 1 AND 500),
    justification_status text CHECK (justification_status IN ('pending', 'published', 'rejected')),
    PRIMARY KEY (plan_id, item_key),
    CHECK ((justification IS NULL) = (justification_status IS NULL))
);
CREATE INDEX plan_lines_pending ON plan_lines (plan_id) WHERE justification_status = 'pending';

-- The summary of a planner's submitted plans, cached: recomputed when older than the
-- service's freshness window, so a participant's comparison never sorts 100,000 plans.
CREATE TABLE planner_summaries (
    planner_id uuid PRIMARY KEY REFERENCES planners (id) ON DELETE CASCADE,
    computed_at timestamptz NOT NULL,
    plans integer NOT NULL,
    body jsonb NOT NULL
);

-- A proposal may name the planner item it would change and by how much.
ALTER TABLE proposals
    ADD COLUMN planner_item text CHECK (planner_item ~ '^[a-z0-9-]{1,60}$'),
    ADD COLUMN planner_change_cents bigint CHECK (planner_change_cents BETWEEN -10000000000000 AND 10000000000000),
    ADD CONSTRAINT proposals_planner_change CHECK ((planner_item IS NULL) = (planner_change_cents IS NULL));
