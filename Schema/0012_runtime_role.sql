-- The runtime role. Migrations run as the owner of the schema (MITREDEN_MIGRATION_DATABASE_URL);
-- the server and the ordinary commands log in as mitreden_runtime (MITREDEN_DATABASE_URL),
-- which owns nothing: it cannot ALTER or DROP a table, create or drop a trigger, or
-- ALTER TABLE audit_events DISABLE TRIGGER. On audit_events it may only SELECT and INSERT,
-- so even with the triggers in place a compromised server has no UPDATE or DELETE to try.
--
-- The role is created by the DBA (Deploy/OPERATIONS.md) or by Deploy/local-postgres.sh,
-- before this migration runs. Without it (one role for everything) this file grants
-- nothing; a runtime role created later gets the same grants by hand (OPERATIONS.md).
--
-- Later migrations are covered by ALTER DEFAULT PRIVILEGES rather than by the migrator
-- granting after each run: the rule then lives in the schema, next to the exceptions
-- (audit_events), is visible in \ddp, holds the moment an object is created (inside the
-- migration's own transaction), and needs no code that knows table names. It applies to
-- objects created by the role that runs this file, i.e. the owner that runs every
-- migration. A later table that must be append-only revokes UPDATE and DELETE from
-- mitreden_runtime in its own migration, as this file does for audit_events.
DO $$
DECLARE
    schema_name text := current_schema();
    fn regprocedure;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mitreden_runtime') THEN
        RAISE NOTICE 'role mitreden_runtime does not exist: no grants (one role for everything)';
        RETURN;
    END IF;
    IF current_user = 'mitreden_runtime' THEN
        RAISE NOTICE 'migrating as mitreden_runtime, which owns the schema: no grants (one role for everything)';
        RETURN;
    END IF;
    -- A member of the owner role would have the owner's rights, which is what this prevents.
    IF pg_has_role('mitreden_runtime', current_user, 'MEMBER') THEN
        RAISE EXCEPTION 'mitreden_runtime is a member of %, so it would own the schema; REVOKE % FROM mitreden_runtime first',
            current_user, current_user;
    END IF;

    EXECUTE format('GRANT USAGE ON SCHEMA %I TO mitreden_runtime', schema_name);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO mitreden_runtime', schema_name);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO mitreden_runtime', schema_name);
    -- Only our own functions: those of btree_gist belong to the superuser who installed it
    -- (granting on them would only warn), and PUBLIC may execute them anyway.
    FOR fn IN
        SELECT p.oid::regprocedure FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        JOIN pg_roles r ON r.oid = p.proowner
        WHERE n.nspname = schema_name AND r.rolname = current_user
    LOOP
        EXECUTE format('GRANT EXECUTE ON ROUTINE %s TO mitreden_runtime', fn);
    END LOOP;

    -- The exceptions: the audit log is append-only; the migration record is the migrator's.
    REVOKE UPDATE, DELETE ON audit_events FROM mitreden_runtime;
    REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM mitreden_runtime;

    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO mitreden_runtime', schema_name);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO mitreden_runtime', schema_name);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT EXECUTE ON FUNCTIONS TO mitreden_runtime', schema_name);
END;
$$;
