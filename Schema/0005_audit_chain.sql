-- Tamper-evident audit log: every event carries the SHA-256 of its predecessor's hash
-- and its own content, so altering, deleting or inserting a row anywhere but at the end
-- breaks the chain, and `mitreden audit verify` names the first broken link.

ALTER TABLE audit_events ADD COLUMN seq bigint UNIQUE;

-- The exact bytes that are hashed. Every text is length-prefixed, so no choice of
-- contents can make two different events read alike; the time is in whole microseconds
-- since the epoch, as stored. `mitreden audit verify` rebuilds the same text on its own.
CREATE FUNCTION audit_event_message(
    seq bigint, occurred_at timestamptz, actor_id uuid, actor_label text, action text,
    target_type text, target_id text, reason text
) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT concat_ws(E'\n',
        seq::text,
        (extract(epoch FROM occurred_at) * 1000000)::bigint::text,
        coalesce(actor_id::text, '-'),
        length(actor_label) || ':' || actor_label,
        length(action) || ':' || action,
        length(target_type) || ':' || target_type,
        length(target_id) || ':' || target_id,
        CASE WHEN reason IS NULL THEN '-' ELSE length(reason) || ':' || reason END)
$$;

-- Links each new event to the last one. The advisory lock is held until commit, so
-- concurrent transactions append one after another and never fork the chain.
CREATE FUNCTION audit_events_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    last_seq bigint;
    last_hash bytea;
BEGIN
    PERFORM pg_advisory_xact_lock(3, 0);
    SELECT e.seq, e.hash INTO last_seq, last_hash FROM audit_events e WHERE e.seq IS NOT NULL ORDER BY e.seq DESC LIMIT 1;
    NEW.seq := coalesce(last_seq, 0) + 1;
    NEW.prev_hash := coalesce(last_hash, decode(repeat('00', 32), 'hex'));
    NEW.hash := sha256(NEW.prev_hash || convert_to(audit_event_message(
        NEW.seq, NEW.occurred_at, NEW.actor_id, NEW.actor_label, NEW.action, NEW.target_type, NEW.target_id, NEW.reason
    ), 'UTF8'));
    RETURN NEW;
END;
$$;

-- Events written before this migration start the chain in the order they were written.
DO $$
DECLARE
    event record;
    previous bytea := decode(repeat('00', 32), 'hex');
    n bigint := 0;
BEGIN
    ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only;
    FOR event IN SELECT * FROM audit_events ORDER BY id LOOP
        n := n + 1;
        UPDATE audit_events SET seq = n, prev_hash = previous,
            hash = sha256(previous || convert_to(audit_event_message(
                n, event.occurred_at, event.actor_id, event.actor_label, event.action,
                event.target_type, event.target_id, event.reason), 'UTF8'))
        WHERE id = event.id
        RETURNING hash INTO previous;
    END LOOP;
    ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only;
END;
$$;

CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_chain();
ALTER TABLE audit_events ALTER COLUMN seq SET NOT NULL,
    ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL;
CREATE INDEX audit_events_occurred ON audit_events (occurred_at);
