-- A participant's own activity (GET /v1/me/proposals, …/comments, …/ballots, …/supports):
-- newest first, keyset-paged by (time, id). Each index leads with the person and holds the
-- page's order, so a page is one range of it whatever its depth, as the public lists are
-- (0013). The single-column indexes on the person (0004, 0006, 0007) are prefixes of the
-- new ones and go: every lookup by author or account (erasure, the personal-data export)
-- is served by these as well, and each vote or contribution maintains one index fewer.
CREATE INDEX proposals_author_created ON proposals (author_id, created_at DESC, id DESC);
DROP INDEX proposals_author;

CREATE INDEX comments_author_created ON comments (author_id, created_at DESC, id DESC);
DROP INDEX comments_author;

CREATE INDEX ballots_account_submitted ON ballots (account_id, submitted_at DESC, id DESC);
DROP INDEX ballots_account;

-- supports_account_campaign (account_id, campaign_id) stays: erasure deletes and moves a
-- person's supports by campaign.
CREATE INDEX supports_account_created ON supports (account_id, created_at DESC, proposal_id DESC);
