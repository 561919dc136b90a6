-- Foundation: extensions and helpers that later migrations rely on.

-- Exclusion constraints that mix equality (campaign id) with range overlap (phase
-- windows) need GiST operator classes for scalar types. btree_gist is a trusted
-- extension, so the database owner may create it without superuser rights.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Keeps updated_at honest without every UPDATE statement having to remember it.
CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

-- Refuses UPDATE and DELETE on append-only tables (audit log, ballot history).
CREATE FUNCTION refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'table % is append-only; % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
