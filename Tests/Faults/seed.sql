-- Data for the fault tests, written straight into the tables (the services would take
-- minutes). Variables: participants, proposals, comments, dialog and budget (campaign ids).
-- The bearer token of participant n is faults-session-<n>-token and the admin's
-- faults-admin-session-token (only their SHA-256 is stored, as for real sessions).
\set ON_ERROR_STOP on
SET client_min_messages = error;  -- ANALYZE warns about every catalog the owner may not analyse
INSERT INTO accounts (email, display_name, password_hash, district, role, verified_at, created_at)
SELECT format('faults%s@faults.invalid', n), format('Faults%s', n), 'not-a-login', 'd' || (n % 20), 'participant', now(), now()
FROM generate_series(1, :participants) n;
INSERT INTO accounts (email, display_name, password_hash, role, verified_at, created_at)
VALUES ('admin@faults.invalid', 'FaultsAdmin', 'not-a-login', 'admin', now(), now());
INSERT INTO sessions (account_id, token_hash, created_at, last_seen_at, expires_at)
SELECT id, sha256(convert_to(CASE WHEN role = 'admin' THEN 'faults-admin-session-token'
                                  ELSE format('faults-session-%s-token', substring(display_name from 7)) END, 'UTF8')),
       now(), now(), now() + interval '30 days'
FROM accounts WHERE email LIKE '%@faults.invalid';

INSERT INTO proposals (campaign_id, author_id, title, body, moderation_status, created_at, published_at)
SELECT :'dialog', (SELECT id FROM accounts WHERE email = 'admin@faults.invalid'),
       format('Vorschlag %s für den Platz', g), repeat('Beschreibung des Vorschlags. ', 20), 'published',
       now() - g * interval '1 minute', now() - g * interval '1 minute'
FROM generate_series(1, :proposals) g;
-- Published comments give the exports something long to stream (scenario 6); the counter
-- trigger keeps proposal_counters.comments equal to them.
INSERT INTO comments (proposal_id, depth, author_id, body, stance, moderation_status, created_at, published_at)
SELECT p.id, 1, (SELECT id FROM accounts WHERE email = 'admin@faults.invalid'),
       repeat('Ein Kommentar mit ein paar Sätzen Inhalt. ', 5), 'neutral', 'published',
       now() - g * interval '1 second', now() - g * interval '1 second'
FROM generate_series(1, :comments) g
JOIN (SELECT row_number() OVER (ORDER BY created_at, id) AS n, id FROM proposals WHERE campaign_id = :'dialog') p
  ON p.n = 1 + g % :proposals;

INSERT INTO proposals (campaign_id, area_id, title, body, cost_cents, moderation_status, created_at, published_at)
SELECT :'budget', (SELECT id FROM budget_areas WHERE campaign_id = :'budget'), format('Projekt %s', g), 'Projekt',
       (1000 + g * 137) * 100, 'published', now(), now()
FROM generate_series(1, 50) g;
ANALYZE;
