-- Self-service by mail: besides verifying an address, a mailed single-use code now resets
-- a forgotten password or confirms a new address. All three are the same kind of secret
-- (256 random bits, only the SHA-256 stored, an expiry, used once), so they share the
-- table; `purpose` keeps a code of one kind from being redeemed as another, and an address
-- change carries the address it confirms. Erasure and housekeeping already delete the rows.
ALTER TABLE email_verifications
    ADD COLUMN purpose text NOT NULL DEFAULT 'verify' CHECK (purpose IN ('verify', 'password-reset', 'email-change')),
    ADD COLUMN new_email text CHECK (length(new_email) <= 254),
    ADD CONSTRAINT email_verifications_new_email_for_changes CHECK ((purpose = 'email-change') = (new_email IS NOT NULL));

-- Housekeeping finds accounts that were never verified by age.
CREATE INDEX accounts_unverified ON accounts (created_at) WHERE verified_at IS NULL AND status = 'active';
