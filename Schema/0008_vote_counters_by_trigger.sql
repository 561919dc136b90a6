-- Counters are kept one way: by the database. Comment counts already follow the published
-- comments by trigger (0006); supports and ratings now do the same, so no code path, bulk
-- import or repair script can leave a counter that disagrees with its rows. A trigger
-- fires only for rows that really change: an `ON CONFLICT DO NOTHING` that inserts
-- nothing, or a rating set to the value it had, moves no counter.

CREATE FUNCTION count_supports() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE proposal_counters SET supports = supports + 1 WHERE proposal_id = NEW.proposal_id;
    ELSE
        UPDATE proposal_counters SET supports = supports - 1 WHERE proposal_id = OLD.proposal_id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER supports_count AFTER INSERT OR DELETE ON supports
    FOR EACH ROW EXECUTE FUNCTION count_supports();

CREATE FUNCTION count_ratings() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    pro_delta integer := 0;
    contra_delta integer := 0;
    target uuid;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        pro_delta := pro_delta - (OLD.value = 1)::int;
        contra_delta := contra_delta - (OLD.value = -1)::int;
        target := OLD.proposal_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        pro_delta := pro_delta + (NEW.value = 1)::int;
        contra_delta := contra_delta + (NEW.value = -1)::int;
        target := NEW.proposal_id;
    END IF;
    IF pro_delta <> 0 OR contra_delta <> 0 THEN
        UPDATE proposal_counters SET pro = pro + pro_delta, contra = contra + contra_delta WHERE proposal_id = target;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER ratings_count AFTER INSERT OR DELETE OR UPDATE OF value ON ratings
    FOR EACH ROW EXECUTE FUNCTION count_ratings();
