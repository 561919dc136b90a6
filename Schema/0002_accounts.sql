-- Accounts, sessions, organisational units, mail outbox, audit log, login throttle.

-- Departments and districts that own campaigns and write official responses.
CREATE TABLE organization_units (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 60),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- E-mail is stored normalised (trimmed, lower-case), so a plain unique index suffices.
-- Erasure (GDPR Art. 17) keeps the row, so contributions keep an (anonymous) author,
-- but empties every personal field; the CHECK makes a half-erased row impossible.
CREATE TABLE accounts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email text UNIQUE,
    display_name text,
    password_hash text,
    role text NOT NULL DEFAULT 'participant' CHECK (role IN ('participant', 'admin')),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'erased')),
    verified_at timestamptz,
    district text CHECK (length(district) <= 80),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    erased_at timestamptz,
    CHECK ((status = 'erased') = (email IS NULL)),
    CHECK (status = 'erased' OR (display_name IS NOT NULL AND password_hash IS NOT NULL)),
    CHECK (status <> 'erased' OR (display_name IS NULL AND password_hash IS NULL AND district IS NULL))
);
-- Pseudonyms must differ for readers, so "Anna" and "anna" are the same name.
CREATE UNIQUE INDEX accounts_display_name_key ON accounts (lower(display_name));
CREATE TRIGGER accounts_updated_at BEFORE UPDATE ON accounts
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE account_units (
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    unit_id uuid NOT NULL REFERENCES organization_units (id) ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('moderator', 'official', 'manager')),
    added_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, unit_id, role)
);
CREATE INDEX account_units_unit ON account_units (unit_id);

-- Only the SHA-256 of a bearer token is kept: a database leak yields no usable tokens.
CREATE TABLE sessions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    client_address text,
    user_agent text CHECK (length(user_agent) <= 300)
);
CREATE INDEX sessions_account ON sessions (account_id) WHERE revoked_at IS NULL;

CREATE TABLE email_verifications (
    token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);
CREATE INDEX email_verifications_account ON email_verifications (account_id);

-- Mail waiting for delivery. Workers on any instance take rows with
-- FOR UPDATE SKIP LOCKED; a failed attempt pushes available_at back (backoff).
CREATE TABLE outbox (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id uuid REFERENCES accounts (id) ON DELETE CASCADE,
    recipient text NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    available_at timestamptz NOT NULL DEFAULT now(),
    attempts integer NOT NULL DEFAULT 0,
    last_error text,
    sent_at timestamptz
);
CREATE INDEX outbox_pending ON outbox (available_at) WHERE sent_at IS NULL;

-- Failed logins per key ('email:<sha256>' or 'address:<ip>') in a fixed window.
CREATE TABLE login_throttle (
    key text PRIMARY KEY,
    window_start timestamptz NOT NULL,
    failures integer NOT NULL
);

-- Every staff action on accounts and units. Append-only: the database refuses UPDATE,
-- DELETE and TRUNCATE. prev_hash/hash are filled by the hash chain of a later change.
CREATE TABLE audit_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    actor_id uuid REFERENCES accounts (id),
    actor_label text NOT NULL,
    action text NOT NULL,
    target_type text NOT NULL,
    target_id text NOT NULL,
    reason text,
    prev_hash bytea,
    hash bytea
);
CREATE INDEX audit_events_target ON audit_events (target_type, target_id);
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
