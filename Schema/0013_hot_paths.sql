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
