-- Proposals: what citizens (or staff on their behalf) submit to a campaign.

CREATE TABLE proposals (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    -- The Pabulib project id for imported elections, or a clerk's file number.
    reference text CHECK (length(reference) BETWEEN 1 AND 100),
    -- NULL for contributions entered by staff for someone without an account.
    author_id uuid REFERENCES accounts (id),
    -- How the contribution reached the city; staff record paper, phone and in-person ones.
    channel text NOT NULL DEFAULT 'online' CHECK (channel IN ('online', 'paper', 'phone', 'in_person', 'import')),
    entered_by uuid REFERENCES accounts (id),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    body text NOT NULL DEFAULT '' CHECK (length(body) <= 20000),
    category_id uuid REFERENCES categories (id),
    area_id uuid REFERENCES budget_areas (id),
    -- Exact integer cents; required for budget campaigns (checked by the service).
    cost_cents bigint CHECK (cost_cents >= 0),
    -- A validated GeoJSON geometry (Point, LineString or Polygon), WGS 84.
    location jsonb,
    -- pending: held for pre-moderation; published; hidden: flagged past the threshold,
    -- awaiting a moderator; rejected: removed by a moderator.
    moderation_status text NOT NULL CHECK (moderation_status IN ('pending', 'published', 'hidden', 'rejected')),
    withdrawn_at timestamptz,
    merged_into uuid REFERENCES proposals (id),
    -- What became of the proposal, set by an official of the responsible unit.
    lifecycle_status text NOT NULL DEFAULT 'open'
        CHECK (lifecycle_status IN ('open', 'under_review', 'accepted', 'rejected', 'implemented', 'noted')),
    responsible_unit_id uuid REFERENCES organization_units (id),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    UNIQUE (campaign_id, reference),
    CHECK (merged_into IS NULL OR merged_into <> id)
);
CREATE INDEX proposals_campaign_created ON proposals (campaign_id, created_at DESC, id);
CREATE INDEX proposals_author ON proposals (author_id);
CREATE TRIGGER proposals_updated_at BEFORE UPDATE ON proposals
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Vote and comment counts live apart from the proposal text: a burst of votes then
-- rewrites these narrow rows (HOT updates thanks to the fill factor) instead of leaving
-- dead copies of every proposal's body behind in the table the lists read.
CREATE TABLE proposal_counters (
    proposal_id uuid PRIMARY KEY REFERENCES proposals (id) ON DELETE CASCADE,
    campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    supports integer NOT NULL DEFAULT 0 CHECK (supports >= 0),
    pro integer NOT NULL DEFAULT 0 CHECK (pro >= 0),
    contra integer NOT NULL DEFAULT 0 CHECK (contra >= 0),
    comments integer NOT NULL DEFAULT 0 CHECK (comments >= 0)
) WITH (fillfactor = 50);

CREATE FUNCTION create_proposal_counters() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO proposal_counters (proposal_id, campaign_id) VALUES (NEW.id, NEW.campaign_id);
    RETURN NEW;
END;
$$;
CREATE TRIGGER proposals_counters AFTER INSERT ON proposals
    FOR EACH ROW EXECUTE FUNCTION create_proposal_counters();
