-- A second factor for staff (issue 13): TOTP (RFC 6238) and single-use recovery codes.
--
-- The TOTP secret is the shared key both sides compute codes from, so it is stored as it
-- is (it cannot be hashed); it is shown to the account holder once, at enrolment, and never
-- returned afterwards. `confirmed_at` is NULL while an enrolment waits for its first code;
-- only a confirmed row is asked for at login. `last_used_step` is the 30-second step of the
-- last code accepted: a code is accepted only for a later step, in one UPDATE, so a code
-- seen over someone's shoulder (or sent twice at once) cannot be used again.
CREATE TABLE account_totp (
    account_id uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    secret bytea NOT NULL CHECK (length(secret) = 20),
    created_at timestamptz NOT NULL,
    confirmed_at timestamptz,
    last_used_step bigint CHECK (last_used_step >= 0)
);

-- Recovery codes are 80 random bits each, so their SHA-256 is enough (as for session
-- tokens): a copy of the database yields no usable code. They go with the enrolment.
CREATE TABLE account_recovery_codes (
    account_id uuid NOT NULL REFERENCES account_totp (account_id) ON DELETE CASCADE,
    code_hash bytea NOT NULL CHECK (length(code_hash) = 32),
    used_at timestamptz,
    PRIMARY KEY (account_id, code_hash)
);

-- Erasure keeps the account row (contributions keep an anonymous author), so the foreign
-- keys above never cascade; the second factor goes with the personal data instead.
CREATE FUNCTION account_second_factor_erased() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM account_totp WHERE account_id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER account_second_factor_erased
    AFTER UPDATE OF status ON accounts
    FOR EACH ROW WHEN (NEW.status = 'erased' AND OLD.status IS DISTINCT FROM 'erased')
    EXECUTE FUNCTION account_second_factor_erased();
