-- Pre-moderation that cannot be bypassed: a decision is bound to the text the moderator
-- saw. Every edit of held content raises the open item's revision; a claim remembers the
-- revision it was made at, and a decision on another revision is refused (409).
ALTER TABLE moderation_items ADD COLUMN content_revision integer NOT NULL DEFAULT 0;
ALTER TABLE moderation_items ADD COLUMN claimed_revision integer;
