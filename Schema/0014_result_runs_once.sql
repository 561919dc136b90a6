-- Result runs are computed once and read many times: by staff or the command line on
-- request, and by the result worker right after voting closes. Readers only ever read a
-- stored run (they never load ballots), so two computations of the same input racing each
-- other must end with one row: the key below makes the second INSERT a no-op
-- (ON CONFLICT DO NOTHING) and both callers read the same run.

-- Before this key, concurrent first reads could store identical runs; keep the official
-- one of each group, else the oldest.
DELETE FROM result_runs WHERE id IN (
    SELECT id FROM (
        SELECT id, row_number() OVER (
            PARTITION BY campaign_id, area_id, method, input_digest ORDER BY official DESC, computed_at, id
        ) AS n
        FROM result_runs
    ) ranked
    WHERE n > 1
);

ALTER TABLE result_runs
    ADD CONSTRAINT result_runs_one_per_input UNIQUE (campaign_id, area_id, method, input_digest);

-- What the result worker has done: one row per area, configured rule and end of voting,
-- written in the transaction that stored (or found) the run. The primary key makes the
-- computation after close happen once however many instances run the worker; a voting
-- phase moved to end later is a new end, computed again.
CREATE TABLE result_closings (
    campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES budget_areas (id) ON DELETE CASCADE,
    method text NOT NULL,
    voting_ended_at timestamptz NOT NULL,
    run_id uuid NOT NULL REFERENCES result_runs (id) ON DELETE CASCADE,
    computed_at timestamptz NOT NULL,
    PRIMARY KEY (area_id, method, voting_ended_at)
);
-- mitreden_runtime gets rows of this table through the default privileges of 0012; the
-- worker only inserts and reads them.
