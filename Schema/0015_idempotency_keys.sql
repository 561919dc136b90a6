-- Idempotency keys: a client that repeats a write (a double tap on "vote", a proxy
-- retrying after a timeout) with the same `Idempotency-Key` gets the first answer again
-- instead of a second effect. The row is written in the transaction that makes the effect
-- (the request's unit of work), so either both the effect and its remembered answer are
-- committed or neither is: a crash in between cannot leave an effect whose retry repeats it.
--
-- Keys belong to the signed-in account that sent them; two accounts may use the same key.
-- Only the answer is kept, with a SHA-256 of the request (method, path, body) to refuse the
-- same key for a different request. Rows live 24 hours (housekeeping deletes them) and go
-- with the account on erasure: a remembered answer can hold the account's own text.
CREATE TABLE idempotency_keys (
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash bytea NOT NULL CHECK (length(request_hash) = 32),
    -- NULL only inside the claiming transaction: the answer is stored before it commits.
    status smallint CHECK (status BETWEEN 200 AND 299),
    content_type text,
    location text,
    body bytea,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, key)
);

-- Housekeeping deletes by age.
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
