-- Per-account windows of the write limits (WriteLimits.swift): one row per account, kind of
-- write and window length, counted by INSERT … ON CONFLICT DO UPDATE … RETURNING so that
-- counting and deciding are one statement. Rows of windows that are over are deleted by
-- housekeeping. Updates touch no indexed column, so with free space on the page they stay
-- heap-only (HOT) and the hot rows of a busy participant do not bloat the index.
CREATE TABLE write_limit_windows (
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    action text NOT NULL CHECK (action IN ('proposal', 'comment', 'flag', 'vote', 'ballot')),
    span_seconds integer NOT NULL CHECK (span_seconds > 0),
    window_start timestamptz NOT NULL,
    count integer NOT NULL CHECK (count > 0),
    PRIMARY KEY (account_id, action, span_seconds)
) WITH (fillfactor = 70);
