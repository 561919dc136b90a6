-- A large campaign for the benchmark, written straight into the tables (the services
-- would take hours for a million supports). Variables: participants, proposals, supports
-- (per participant), comments, campaign (id of bench-dialog), budget (id of bench-budget).
\set ON_ERROR_STOP on
SET synchronous_commit = off;

-- Participants with one session each; the bearer token of participant n is
-- bench-session-<n, 7 digits>-token (only its SHA-256 is stored, as for real sessions).
CREATE TABLE bench_accounts (n int PRIMARY KEY, id uuid NOT NULL);
INSERT INTO accounts (email, display_name, password_hash, district, role, verified_at, created_at)
SELECT format('bench%s@bench.invalid', n), format('Bench%s', n), 'not-a-login', 'd' || (n % 20), 'participant', now(), now()
FROM generate_series(1, :participants) n;
INSERT INTO bench_accounts SELECT substring(display_name from 6)::int, id FROM accounts WHERE email LIKE '%@bench.invalid';
INSERT INTO sessions (account_id, token_hash, created_at, last_seen_at, expires_at)
SELECT id, sha256(convert_to(format('bench-session-%s-token', lpad(n::text, 7, '0')), 'UTF8')), now(), now(), now() + interval '30 days'
FROM bench_accounts;

CREATE TABLE bench_proposals (n int PRIMARY KEY, id uuid NOT NULL);
INSERT INTO proposals (campaign_id, author_id, title, body, moderation_status, created_at, published_at)
SELECT :'campaign', (SELECT id FROM bench_accounts WHERE bench_accounts.n = 1 + (g * 7) % :participants),
       -- Eight topics, so a search (`q=Baum`, the search scenario) matches one proposal in eight.
       format('Vorschlag %s: %s für den Platz', g,
              (ARRAY['Bäume', 'Bänke', 'Toiletten', 'Fahrradständer', 'Brunnen', 'Spielgeräte', 'Beleuchtung', 'Trinkwasser'])[1 + g % 8]),
       repeat('Beschreibung des Vorschlags. ', 20), 'published',
       now() - g * interval '1 minute', now() - g * interval '1 minute'
FROM generate_series(1, :proposals) g;
INSERT INTO bench_proposals SELECT row_number() OVER (ORDER BY created_at DESC, id), id FROM proposals WHERE campaign_id = :'campaign';

-- Each participant supports `supports` distinct proposals. The counter and tally triggers
-- are off for the bulk insert (a million single-row updates would bloat the tables the top
-- list and the support limit read); both are set from the rows right after, as the
-- triggers would.
ALTER TABLE supports DISABLE TRIGGER supports_count;
ALTER TABLE supports DISABLE TRIGGER supports_tally;
INSERT INTO supports (proposal_id, account_id, campaign_id, created_at)
SELECT p.id, a.id, :'campaign', now()
FROM bench_accounts a CROSS JOIN generate_series(0, :supports - 1) k
JOIN bench_proposals p ON p.n = 1 + ((a.n::bigint * 7919 + k * 4729) % :proposals)
ON CONFLICT DO NOTHING;
UPDATE proposal_counters pc SET supports = s.count
FROM (SELECT proposal_id, count(*) AS count FROM supports WHERE campaign_id = :'campaign' GROUP BY proposal_id) s
WHERE pc.proposal_id = s.proposal_id;
INSERT INTO participant_tallies (campaign_id, account_id, supports)
SELECT campaign_id, account_id, count(*) FROM supports WHERE campaign_id = :'campaign' GROUP BY campaign_id, account_id;
ALTER TABLE supports ENABLE TRIGGER supports_count;
ALTER TABLE supports ENABLE TRIGGER supports_tally;

INSERT INTO comments (proposal_id, depth, author_id, body, stance, moderation_status, created_at, published_at)
SELECT p.id, 1, a.id, 'Ein Kommentar mit ein paar Sätzen Inhalt, wie er in Beteiligungen üblich ist.', 'neutral', 'published',
       now() - g * interval '1 second', now() - g * interval '1 second'
FROM generate_series(1, :comments) g
JOIN bench_proposals p ON p.n = 1 + (g % :proposals)
JOIN bench_accounts a ON a.n = 1 + (g % :participants);

-- The budget campaign: fifty projects for the ballot scenario.
INSERT INTO proposals (campaign_id, area_id, title, body, cost_cents, moderation_status, created_at, published_at)
SELECT :'budget', (SELECT id FROM budget_areas WHERE campaign_id = :'budget'), format('Projekt %s', g), 'Projekt',
       (1000 + g * 137) * 100, 'published', now(), now()
FROM generate_series(1, 50) g;
ANALYZE;
