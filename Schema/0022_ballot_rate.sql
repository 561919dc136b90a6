-- Ballots per minute on /metrics (issue 18): the scrape counts ballots submitted in the last
-- minute on every instance alike, which without this index reads the whole table.
CREATE INDEX ballots_submitted ON ballots (submitted_at);
