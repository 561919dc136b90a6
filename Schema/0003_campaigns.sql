-- Campaigns, their phase schedule, categories and budget areas.

CREATE TABLE campaigns (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id uuid NOT NULL REFERENCES organization_units (id),
    slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 1000),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 50000),
    kind text NOT NULL CHECK (kind IN ('dialogue', 'budget')),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
    proposal_moderation text NOT NULL DEFAULT 'post' CHECK (proposal_moderation IN ('pre', 'post')),
    comment_moderation text NOT NULL DEFAULT 'post' CHECK (comment_moderation IN ('pre', 'post')),
    -- Limits, ranking rule and ballot rules; validated by the domain code (CampaignSettings).
    settings jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX campaigns_unit ON campaigns (unit_id);
CREATE TRIGGER campaigns_updated_at BEFORE UPDATE ON campaigns
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Windows never overlap within a campaign: the database has the last word, so two
-- concurrent edits of a schedule cannot produce an ambiguous "current phase".
CREATE TABLE phases (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    position integer NOT NULL CHECK (position >= 0),
    kind text NOT NULL CHECK (kind IN ('information', 'proposals', 'discussion', 'voting', 'evaluation', 'results')),
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    CHECK (starts_at < ends_at),
    UNIQUE (campaign_id, position),
    CONSTRAINT phases_no_overlap EXCLUDE USING gist (
        campaign_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&
    )
);

CREATE TABLE categories (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    position integer NOT NULL DEFAULT 0,
    UNIQUE (campaign_id, slug)
);

-- Money in exact integer cents, never floating point.
CREATE TABLE budget_areas (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    budget_cents bigint NOT NULL CHECK (budget_cents > 0),
    position integer NOT NULL DEFAULT 0,
    UNIQUE (campaign_id, slug)
);
