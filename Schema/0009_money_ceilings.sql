-- Ceilings on money, so that sums over proposals and ballots stay inside 64-bit integers
-- in every program that reads them (InputCeilings.maximumCents: 10 billion euros in
-- cents). NOT VALID: rows stored before the ceiling are not re-checked, new and changed
-- rows are.
ALTER TABLE proposals ADD CONSTRAINT proposals_cost_ceiling CHECK (cost_cents <= 1000000000000) NOT VALID;
ALTER TABLE budget_areas ADD CONSTRAINT budget_areas_budget_ceiling CHECK (budget_cents <= 1000000000000) NOT VALID;
