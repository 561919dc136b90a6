-- Discussion: text search over proposals, threaded comments, flags, the moderation
-- queue with its decisions, and the history of official responses.

-- 'simple' keeps every word as written: campaigns mix German, English and street names,
-- and a stemmer for one language would mangle the others.
ALTER TABLE proposals ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title || ' ' || body)) STORED;
CREATE INDEX proposals_search ON proposals USING gin (search);

CREATE TABLE comments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    proposal_id uuid NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    parent_id uuid REFERENCES comments (id),
    -- 1 for a comment on the proposal, 2 and 3 for replies.
    depth integer NOT NULL CHECK (depth BETWEEN 1 AND 3),
    author_id uuid REFERENCES accounts (id),
    body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    stance text NOT NULL DEFAULT 'neutral' CHECK (stance IN ('pro', 'contra', 'neutral')),
    moderation_status text NOT NULL CHECK (moderation_status IN ('pending', 'published', 'hidden', 'rejected')),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    CHECK ((parent_id IS NULL) = (depth = 1))
);
CREATE INDEX comments_proposal ON comments (proposal_id, created_at, id);
CREATE INDEX comments_parent ON comments (parent_id);
CREATE INDEX comments_author ON comments (author_id);
CREATE TRIGGER comments_updated_at BEFORE UPDATE ON comments
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- The public comment count follows the published comments exactly, whichever statement
-- publishes, hides or rejects one: the database keeps it, not each code path.
CREATE FUNCTION count_published_comments() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    delta integer := 0;
    target uuid;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.moderation_status = 'published' THEN
        delta := delta - 1;
        target := OLD.proposal_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.moderation_status = 'published' THEN
        delta := delta + 1;
        target := NEW.proposal_id;
    END IF;
    IF delta <> 0 THEN
        UPDATE proposal_counters SET comments = comments + delta WHERE proposal_id = target;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER comments_count AFTER INSERT OR DELETE OR UPDATE OF moderation_status ON comments
    FOR EACH ROW EXECUTE FUNCTION count_published_comments();

-- One flag per reporter and item: the primary key, not the code, makes it so.
CREATE TABLE flags (
    target_type text NOT NULL CHECK (target_type IN ('proposal', 'comment')),
    target_id uuid NOT NULL,
    reporter_id uuid NOT NULL REFERENCES accounts (id),
    reason text NOT NULL CHECK (reason IN ('insult', 'discrimination', 'off_topic', 'spam', 'personal_data', 'illegal', 'other')),
    note text CHECK (length(note) <= 1000),
    created_at timestamptz NOT NULL,
    -- Set when a moderator dismissed the flags; dismissed flags no longer hide the item.
    dismissed_at timestamptz,
    PRIMARY KEY (target_type, target_id, reporter_id),
    CHECK (reason <> 'other' OR length(trim(note)) > 0)
);

-- The queue: one open item per piece of content; decided items stay for the statistics.
CREATE TABLE moderation_items (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    target_type text NOT NULL CHECK (target_type IN ('proposal', 'comment')),
    target_id uuid NOT NULL,
    -- new: held by pre-moderation; flagged: reported by participants.
    reason text NOT NULL CHECK (reason IN ('new', 'flagged')),
    enqueued_at timestamptz NOT NULL,
    claimed_by uuid REFERENCES accounts (id),
    lease_until timestamptz,
    -- The latest decision; the first one's time measures the response time.
    decision text CHECK (decision IN ('approve', 'reject', 'dismiss_flags', 'merge')),
    first_decided_at timestamptz,
    decided_at timestamptz
);
CREATE UNIQUE INDEX moderation_items_one_open ON moderation_items (target_type, target_id) WHERE decided_at IS NULL;
CREATE INDEX moderation_items_queue ON moderation_items (campaign_id, enqueued_at) WHERE decided_at IS NULL;
CREATE INDEX moderation_items_target ON moderation_items (target_type, target_id);

-- Every decision, including those a later one reversed.
CREATE TABLE moderation_decisions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id uuid NOT NULL REFERENCES moderation_items (id) ON DELETE CASCADE,
    decision text NOT NULL CHECK (decision IN ('approve', 'reject', 'dismiss_flags', 'merge')),
    reason_code text CHECK (reason_code IN ('insult', 'discrimination', 'off_topic', 'spam', 'personal_data', 'illegal', 'duplicate', 'other')),
    note text CHECK (length(note) <= 2000),
    merge_into uuid REFERENCES proposals (id),
    decided_by uuid REFERENCES accounts (id),
    decided_at timestamptz NOT NULL,
    CHECK (decision <> 'reject' OR reason_code IS NOT NULL)
);
CREATE INDEX moderation_decisions_item ON moderation_decisions (item_id, id);

-- Official responses, newest last; the proposal's lifecycle status is the latest one's.
CREATE TABLE official_responses (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    proposal_id uuid NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    unit_id uuid NOT NULL REFERENCES organization_units (id),
    status text NOT NULL CHECK (status IN ('under_review', 'accepted', 'rejected', 'implemented', 'noted')),
    body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    author_id uuid REFERENCES accounts (id),
    created_at timestamptz NOT NULL
);
CREATE INDEX official_responses_proposal ON official_responses (proposal_id, id);
