-- The language an account reads Mitreden in (issue 13): mails, and error texts when a
-- request does not say otherwise with Accept-Language. German first: Hamburg's citizens
-- read German; English on request.
ALTER TABLE accounts ADD COLUMN language text NOT NULL DEFAULT 'de' CHECK (language IN ('de', 'en'));
