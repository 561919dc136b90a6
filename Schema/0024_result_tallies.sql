-- compatibility: expand
-- Votes per project with every result run: how many ballots chose each project and the
-- points they gave it, counted from exactly the run's input when it was computed. Readers
-- (GET …/results, results.json, proposals.csv, the council report) show them without
-- loading a ballot. NULL on runs stored before this migration.
ALTER TABLE result_runs ADD COLUMN tallies jsonb;
