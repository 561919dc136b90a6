-- Votes: supports, pro/contra ratings, budget ballots, and frozen result runs.
-- One person, one vote is a key of each table, never only a check in code.

CREATE TABLE supports (
    proposal_id uuid NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    account_id uuid NOT NULL REFERENCES accounts (id),
    -- Denormalised so the per-campaign limit is counted without a join.
    campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (proposal_id, account_id)
);
CREATE INDEX supports_account_campaign ON supports (account_id, campaign_id);

CREATE TABLE ratings (
    proposal_id uuid NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    account_id uuid NOT NULL REFERENCES accounts (id),
    campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    value smallint NOT NULL CHECK (value IN (1, -1)),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (proposal_id, account_id)
);
CREATE INDEX ratings_account ON ratings (account_id);

-- One ballot per (campaign, area, account). account_id is NULL only for ballots imported
-- from a Pabulib file: those voters have no account, and a NULL never collides in the
-- unique key. `position` keeps the file's order so an export reproduces it.
CREATE TABLE ballots (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES budget_areas (id) ON DELETE CASCADE,
    account_id uuid REFERENCES accounts (id),
    position integer,
    submitted_at timestamptz NOT NULL,
    UNIQUE (campaign_id, area_id, account_id)
);
CREATE INDEX ballots_area ON ballots (area_id, position, submitted_at, id);
CREATE INDEX ballots_account ON ballots (account_id);
-- oneAreaOnly campaigns lock per (campaign, account) in the service; this index serves that lookup.
CREATE INDEX ballots_campaign_account ON ballots (campaign_id, account_id);

-- `rank` keeps the order of ordinal (ranked) imported ballots; `points` the cumulative or
-- scoring value (exact decimal, 1 for approval and knapsack choices).
CREATE TABLE ballot_choices (
    ballot_id uuid NOT NULL REFERENCES ballots (id) ON DELETE CASCADE,
    proposal_id uuid NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    rank integer NOT NULL DEFAULT 0,
    points numeric NOT NULL DEFAULT 1 CHECK (points >= 0),
    PRIMARY KEY (ballot_id, proposal_id)
);
CREATE INDEX ballot_choices_proposal ON ballot_choices (proposal_id);

-- What a Pabulib import brought along beyond projects and ballots, so an export writes the
-- same vote type and META keys back.
CREATE TABLE pabulib_sources (
    area_id uuid PRIMARY KEY REFERENCES budget_areas (id) ON DELETE CASCADE,
    campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    vote_type text NOT NULL CHECK (vote_type IN ('approval', 'choose-1', 'cumulative', 'scoring', 'ordinal')),
    -- [[key, value], …] in file order.
    meta jsonb NOT NULL DEFAULT '[]'
);

-- A frozen, reproducible result: which rule ran on exactly which input (SHA-256 of a
-- canonical serialisation of projects and ballots) and what it selected.
CREATE TABLE result_runs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES budget_areas (id) ON DELETE CASCADE,
    method text NOT NULL,
    parameters jsonb NOT NULL DEFAULT '{}',
    input_digest text NOT NULL CHECK (input_digest ~ '^[0-9a-f]{64}$'),
    ballots integer NOT NULL CHECK (ballots >= 0),
    -- [{"proposalId": …, "reference": …, "costCents": …}, …] in tie-breaking order.
    selected jsonb NOT NULL,
    total_cost_cents bigint NOT NULL CHECK (total_cost_cents >= 0),
    computed_at timestamptz NOT NULL,
    official boolean NOT NULL DEFAULT false
);
CREATE INDEX result_runs_campaign ON result_runs (campaign_id, area_id, computed_at DESC);
-- At most one official result per area.
CREATE UNIQUE INDEX result_runs_one_official ON result_runs (campaign_id, area_id) WHERE official;

-- A million supports rewrite proposal_counters rows over and over; vacuum them early so
-- dead versions do not pile up between the default 20 % thresholds.
ALTER TABLE proposal_counters SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000);
