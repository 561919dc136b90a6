-- Vote night at the database's speed.
--
-- 1. What each participant holds in a campaign. A support is one statement (Sources/
--    MitredenStore/Votes/SupportStatements.swift): it locks the participant's tally row,
--    inserts the support and reads the tally under the lock, so "at most n supports per
--    participant" is decided on the latest committed count even under concurrency: an
--    `INSERT … ON CONFLICT DO UPDATE` that waits for another transaction's lock sees that
--    transaction's result, where a count(*) in the same statement would still see the
--    statement's older snapshot. The tally follows the rows by trigger, like the counters
--    (0008): every path that adds, removes or re-assigns a support (erasure moves them to
--    a fresh account) keeps it exact.
CREATE TABLE participant_tallies (
    campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    supports integer NOT NULL DEFAULT 0 CHECK (supports >= 0),
    PRIMARY KEY (campaign_id, account_id)
);

CREATE FUNCTION tally_supports() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE participant_tallies SET supports = supports - 1
        WHERE campaign_id = OLD.campaign_id AND account_id = OLD.account_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO participant_tallies AS t (campaign_id, account_id, supports) VALUES (NEW.campaign_id, NEW.account_id, 1)
        ON CONFLICT (campaign_id, account_id) DO UPDATE SET supports = t.supports + 1;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER supports_tally AFTER INSERT OR DELETE OR UPDATE OF account_id, campaign_id ON supports
    FOR EACH ROW EXECUTE FUNCTION tally_supports();

INSERT INTO participant_tallies (campaign_id, account_id, supports)
SELECT campaign_id, account_id, count(*) FROM supports GROUP BY campaign_id, account_id;

-- 2. The top list and the dialogue's ranking read a page straight off an index on the
--    counters instead of joining and sorting every proposal of the campaign. The price: a
--    counter update is no longer HOT (an indexed column changes), so each vote also writes
--    index entries. On a vote night the lists are read far more often than votes arrive.
--    Each index is ascending in the expressions the query sorts and pages by, so "after
--    the cursor" is one row comparison: top by supports; the ranking rules of
--    ProposalRanking (pro minus contra, ties by more pro; pro only, ties by fewer contra;
--    then supports); newest first with the id descending too.
CREATE INDEX proposal_counters_top ON proposal_counters (campaign_id, (- supports), proposal_id);
CREATE INDEX proposal_counters_net ON proposal_counters (campaign_id, (contra - pro), (- pro), (- supports), proposal_id);
CREATE INDEX proposal_counters_positive ON proposal_counters (campaign_id, (- pro), contra, (- supports), proposal_id);
DROP INDEX proposals_campaign_created;
CREATE INDEX proposals_campaign_created ON proposals (campaign_id, created_at DESC, id DESC);

-- 3. The exact count beside every list page: an index-only scan of the listed proposals
--    with the columns the filters read, not a pass over the table.
CREATE INDEX proposals_listed ON proposals (campaign_id, category_id, area_id, lifecycle_status)
    WHERE moderation_status = 'published' AND withdrawn_at IS NULL;

-- 4. The seeded random order off an index too: every proposal draws a fixed random key,
--    and a seed chooses where in that shuffled order a listing starts (reading on from
--    there and wrapping round to the beginning). Different seeds start in different places,
--    so no proposal is always first; one listing's pages stay one order.
ALTER TABLE proposals ADD COLUMN shuffle_key double precision NOT NULL DEFAULT random();
CREATE INDEX proposals_shuffled ON proposals (campaign_id, shuffle_key, id)
    WHERE moderation_status = 'published' AND withdrawn_at IS NULL;

-- 5. A proposal's comments in thread order off an index. Each comment's place in its
--    thread (root, reply, reply to a reply; each as creation time in whole microseconds
--    and id, -1 and the nil uuid below its own level) never changes once it is written, so
--    it is stored with the comment (by trigger, from the parent's) instead of being worked
--    out for every comment of the proposal on every page.
ALTER TABLE comments
    ADD COLUMN thread_m1 bigint, ADD COLUMN thread_root uuid,
    ADD COLUMN thread_m2 bigint, ADD COLUMN thread_id2 uuid,
    ADD COLUMN thread_m3 bigint, ADD COLUMN thread_id3 uuid;

CREATE FUNCTION comments_thread_place() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    micros bigint := (extract(epoch FROM NEW.created_at) * 1000000)::bigint;
    nil uuid := '00000000-0000-0000-0000-000000000000';
    parent comments%ROWTYPE;
BEGIN
    IF NEW.parent_id IS NULL THEN
        NEW.thread_m1 := micros; NEW.thread_root := NEW.id;
        NEW.thread_m2 := -1; NEW.thread_id2 := nil; NEW.thread_m3 := -1; NEW.thread_id3 := nil;
        RETURN NEW;
    END IF;
    SELECT * INTO parent FROM comments WHERE id = NEW.parent_id;
    NEW.thread_m1 := parent.thread_m1; NEW.thread_root := parent.thread_root;
    IF parent.parent_id IS NULL THEN
        NEW.thread_m2 := micros; NEW.thread_id2 := NEW.id; NEW.thread_m3 := -1; NEW.thread_id3 := nil;
    ELSE
        NEW.thread_m2 := parent.thread_m2; NEW.thread_id2 := parent.thread_id2; NEW.thread_m3 := micros; NEW.thread_id3 := NEW.id;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER comments_thread_place BEFORE INSERT ON comments
    FOR EACH ROW EXECUTE FUNCTION comments_thread_place();

UPDATE comments k SET thread_m1 = (extract(epoch FROM k.created_at) * 1000000)::bigint, thread_root = k.id,
    thread_m2 = -1, thread_id2 = '00000000-0000-0000-0000-000000000000', thread_m3 = -1,
    thread_id3 = '00000000-0000-0000-0000-000000000000'
WHERE k.depth = 1;
UPDATE comments k SET thread_m1 = p.thread_m1, thread_root = p.thread_root,
    thread_m2 = (extract(epoch FROM k.created_at) * 1000000)::bigint, thread_id2 = k.id, thread_m3 = -1,
    thread_id3 = '00000000-0000-0000-0000-000000000000'
FROM comments p WHERE p.id = k.parent_id AND k.depth = 2;
UPDATE comments k SET thread_m1 = p.thread_m1, thread_root = p.thread_root, thread_m2 = p.thread_m2, thread_id2 = p.thread_id2,
    thread_m3 = (extract(epoch FROM k.created_at) * 1000000)::bigint, thread_id3 = k.id
FROM comments p WHERE p.id = k.parent_id AND k.depth = 3;
ALTER TABLE comments
    ALTER COLUMN thread_m1 SET NOT NULL, ALTER COLUMN thread_root SET NOT NULL,
    ALTER COLUMN thread_m2 SET NOT NULL, ALTER COLUMN thread_id2 SET NOT NULL,
    ALTER COLUMN thread_m3 SET NOT NULL, ALTER COLUMN thread_id3 SET NOT NULL;
CREATE INDEX comments_thread_order ON comments (proposal_id, thread_m1, thread_root, thread_m2, thread_id2, thread_m3, thread_id3);

-- 6. Counter rows now leave dead index entries behind on every vote (section 2), and the
--    top list's index scan steps over them until a vacuum removes them: vacuum the counters
--    after a few hundred changes, without the cost-based pauses (the table is small). The
--    server's autovacuum_naptime decides how soon that happens (OPERATIONS.md: 1 s).
ALTER TABLE proposal_counters SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 500,
                                   autovacuum_vacuum_cost_delay = 0);
ALTER TABLE participant_tallies SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000);

-- 7. The count beside an unfiltered list page, kept per campaign by trigger: the most
--    common list request then reads one row instead of counting every listed proposal.
--    (A filtered list still counts, through proposals_listed.)
CREATE TABLE campaign_listing_counts (
    campaign_id uuid PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
    listed integer NOT NULL DEFAULT 0 CHECK (listed >= 0)
);

CREATE FUNCTION count_listed_proposals() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.moderation_status = 'published' AND OLD.withdrawn_at IS NULL THEN
        UPDATE campaign_listing_counts SET listed = listed - 1 WHERE campaign_id = OLD.campaign_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.moderation_status = 'published' AND NEW.withdrawn_at IS NULL THEN
        INSERT INTO campaign_listing_counts AS c (campaign_id, listed) VALUES (NEW.campaign_id, 1)
        ON CONFLICT (campaign_id) DO UPDATE SET listed = c.listed + 1;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER proposals_listing_count AFTER INSERT OR DELETE OR UPDATE OF moderation_status, withdrawn_at, campaign_id ON proposals
    FOR EACH ROW EXECUTE FUNCTION count_listed_proposals();

INSERT INTO campaign_listing_counts (campaign_id, listed)
SELECT campaign_id, count(*) FROM proposals WHERE moderation_status = 'published' AND withdrawn_at IS NULL GROUP BY campaign_id;
