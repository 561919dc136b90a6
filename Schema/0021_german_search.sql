-- Search that understands German (issue 18). Until now proposals were searched with the
-- `simple` configuration: "Baum" did not find "Bäume", "Toilette" not "Toiletten".
--
-- The search vector now holds two sets of lexemes:
--   * `german` (Snowball stemming, German stop words), weighted A for the title and B for
--     the text, so `ts_rank` puts a hit in the title first;
--   * `simple` (every word as written, weight D) for names and words the stemmer mangles
--     or drops as stop words ("Müller", "Die Linke").
-- Both go through `unaccent` first, so "Muller" finds "Müller" and "Cafe" finds "Café"
-- (the German stemmer folds ä/ö/ü itself, but not é, and not in `simple`).
--
-- `unaccent` is a trusted extension (PostgreSQL 13+): the schema's owner, who runs this
-- file, may create it without being a superuser, like btree_gist in 0001. Its objects
-- belong to the bootstrap superuser and PUBLIC may execute them, so mitreden_runtime
-- needs no grant. `unaccent(text)` is only STABLE (it looks its dictionary up through the
-- search path), which a generated column refuses; the wrapper names the dictionary with
-- its schema and is therefore safe to declare IMMUTABLE. It is created by the owner, so
-- 0012's default privileges give mitreden_runtime EXECUTE on it.
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE FUNCTION mitreden_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN unaccent('unaccent'::regdictionary, $1);

-- What a search for `words` asks: their German stems or the words as written.
CREATE FUNCTION mitreden_search_query(words text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN plainto_tsquery('german'::regconfig, mitreden_unaccent(words))
        || plainto_tsquery('simple'::regconfig, mitreden_unaccent(words));

-- Rebuilding the generated column rewrites the table once; the GIN index over it answers
-- `search @@ query` without reading proposals that do not match.
DROP INDEX proposals_search;
ALTER TABLE proposals DROP COLUMN search;
ALTER TABLE proposals ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('german'::regconfig, mitreden_unaccent(title)), 'A')
    || setweight(to_tsvector('german'::regconfig, mitreden_unaccent(body)), 'B')
    || setweight(to_tsvector('simple'::regconfig, mitreden_unaccent(title || ' ' || body)), 'D')
) STORED;
CREATE INDEX proposals_search ON proposals USING gin (search);
