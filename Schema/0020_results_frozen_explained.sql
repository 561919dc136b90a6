-- Results a council can trust: the input of a result is frozen when voting ends, every
-- run keeps the exact input it was computed from (so it can be recounted), a staff
-- exclusion after the close makes a new run that supersedes the old one (both stay
-- readable), and a run carries the explanation of its outcome.

-- The canonical input of one area (projects and ballots, the form `input_digest` hashes),
-- stored once per digest however many runs use it.
CREATE TABLE result_inputs (
    area_id uuid NOT NULL REFERENCES budget_areas (id) ON DELETE CASCADE,
    campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    input_digest text NOT NULL CHECK (input_digest ~ '^[0-9a-f]{64}$'),
    body text NOT NULL,
    stored_at timestamptz NOT NULL,
    PRIMARY KEY (area_id, input_digest)
);

-- The input as it stood when an area's vote ended: what every run after the close is
-- computed from, whatever happens to ballots and proposals afterwards.
CREATE TABLE result_freezes (
    area_id uuid NOT NULL REFERENCES budget_areas (id) ON DELETE CASCADE,
    campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    voting_ended_at timestamptz NOT NULL,
    input_digest text NOT NULL,
    frozen_at timestamptz NOT NULL,
    PRIMARY KEY (area_id, voting_ended_at),
    FOREIGN KEY (area_id, input_digest) REFERENCES result_inputs (area_id, input_digest)
);

-- A run made by a staff exclusion names the run it supersedes and why; the explanation of
-- a run (per project, and for equal shares the comparison with greedy) is stored with it.
ALTER TABLE result_runs
    ADD COLUMN supersedes uuid REFERENCES result_runs (id) ON DELETE SET NULL,
    ADD COLUMN supersede_reason text CHECK (supersede_reason IS NULL OR length(supersede_reason) BETWEEN 1 AND 1000),
    ADD COLUMN excluded jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN explanation jsonb,
    ADD CONSTRAINT result_runs_superseding_has_reason CHECK ((supersedes IS NULL) = (supersede_reason IS NULL));

-- One spelling of ids: runs stored before this file kept their winners' ids upper-case
-- (Foundation's uuidString); every other place writes them lower-case.
UPDATE result_runs SET selected = (
    SELECT coalesce(jsonb_agg(jsonb_set(s, '{proposalId}', to_jsonb(lower(s->>'proposalId'))) ORDER BY n), '[]'::jsonb)
    FROM jsonb_array_elements(selected) WITH ORDINALITY AS e(s, n)
) WHERE selected::text <> lower(selected::text);

-- A secret per area that orders the voters of election.pb by a keyed hash, so the file
-- does not list them in the order they voted and is the same on every export.
CREATE TABLE area_export_keys (
    area_id uuid PRIMARY KEY REFERENCES budget_areas (id) ON DELETE CASCADE,
    shuffle_key text NOT NULL
);

-- Inputs, freezes and shuffle keys are written once and never changed (0012's rule for
-- append-only tables; only where the runtime role exists and is not the owner).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mitreden_runtime') AND current_user <> 'mitreden_runtime' THEN
        REVOKE UPDATE ON result_inputs, result_freezes, area_export_keys FROM mitreden_runtime;
    END IF;
END;
$$;

-- Every area gets its key when it is made; areas made before this file get one now.
INSERT INTO area_export_keys (area_id, shuffle_key)
SELECT id, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '') FROM budget_areas
ON CONFLICT DO NOTHING;

CREATE FUNCTION area_export_key_for_new_area() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO area_export_keys (area_id, shuffle_key)
    VALUES (NEW.id, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
    ON CONFLICT DO NOTHING;
    RETURN NEW;
END;
$$;

CREATE TRIGGER budget_areas_export_key AFTER INSERT ON budget_areas
    FOR EACH ROW EXECUTE FUNCTION area_export_key_for_new_area();
