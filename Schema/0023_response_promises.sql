-- Short response times (issue 15): the city's working-day calendar, routing of proposals
-- to responsible units, the promise each published proposal is owed, handovers between
-- units, statements asked of other units, reminder digests, and what became of a
-- proposal after its official response.

-- Holidays of the city's calendar (weekends are never working days). Loaded per year with
-- `mitreden calendar load`; Hamburg's list ships in Deploy/holidays/.
CREATE TABLE holidays (
    day date PRIMARY KEY,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200)
);

-- Which unit answers a campaign's proposals of a category (and optionally an area). The
-- most specific route wins: category and area, then category, then area; none: the
-- campaign's own unit.
CREATE TABLE campaign_routes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    category_id uuid REFERENCES categories (id) ON DELETE CASCADE,
    area_id uuid REFERENCES budget_areas (id) ON DELETE CASCADE,
    unit_id uuid NOT NULL REFERENCES organization_units (id),
    CHECK (category_id IS NOT NULL OR area_id IS NOT NULL)
);
CREATE UNIQUE INDEX campaign_routes_key ON campaign_routes (
    campaign_id, coalesce(category_id, '00000000-0000-0000-0000-000000000000'), coalesce(area_id, '00000000-0000-0000-0000-000000000000'));

-- What a published proposal is owed under its campaign's promise; written once, when it
-- is published. Days are the city's calendar days (Europe/Berlin). The reminder and the
-- escalation are sent at most once: whoever sets the column first sends the mail, in the
-- same transaction, so two workers never both do.
CREATE TABLE response_duties (
    proposal_id uuid PRIMARY KEY REFERENCES proposals (id) ON DELETE CASCADE,
    campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    promised_days integer NOT NULL CHECK (promised_days BETWEEN 1 AND 65),
    published_on date NOT NULL,
    remind_on date NOT NULL,
    due_on date NOT NULL,
    first_response_at timestamptz,
    first_response_on date,
    reminder_sent_at timestamptz,
    escalated_at timestamptz,
    CHECK (published_on <= remind_on AND remind_on <= due_on),
    CHECK ((first_response_at IS NULL) = (first_response_on IS NULL))
);
CREATE INDEX response_duties_campaign ON response_duties (campaign_id);
CREATE INDEX response_duties_open ON response_duties (due_on) WHERE first_response_at IS NULL;

-- Handovers of a proposal from one unit to another, with the reason: public history.
CREATE TABLE proposal_handovers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    proposal_id uuid NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    from_unit_id uuid NOT NULL REFERENCES organization_units (id),
    to_unit_id uuid NOT NULL REFERENCES organization_units (id),
    reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    handed_over_by uuid REFERENCES accounts (id),
    handed_over_at timestamptz NOT NULL,
    CHECK (from_unit_id <> to_unit_id)
);
CREATE INDEX proposal_handovers_proposal ON proposal_handovers (proposal_id, id);

-- Statements the responsible unit asks of other units before it answers; staff only.
CREATE TABLE statement_requests (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    proposal_id uuid NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    unit_id uuid NOT NULL REFERENCES organization_units (id),
    question text NOT NULL CHECK (length(question) BETWEEN 1 AND 2000),
    requested_by uuid REFERENCES accounts (id),
    requested_at timestamptz NOT NULL,
    statement text CHECK (length(statement) BETWEEN 1 AND 20000),
    answered_by uuid REFERENCES accounts (id),
    answered_at timestamptz,
    CHECK ((statement IS NULL) = (answered_at IS NULL))
);
CREATE INDEX statement_requests_proposal ON statement_requests (proposal_id, requested_at);
CREATE INDEX statement_requests_open ON statement_requests (unit_id) WHERE answered_at IS NULL;

-- One digest a day per official: the key makes it once, however many workers run.
CREATE TABLE response_digests (
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    day date NOT NULL,
    sent_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, day)
);

-- What became of a proposal after its official response, newest last (accountability).
CREATE TABLE implementation_updates (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    proposal_id uuid NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    unit_id uuid NOT NULL REFERENCES organization_units (id),
    status text NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'not_done')),
    note text NOT NULL DEFAULT '' CHECK (length(note) <= 5000),
    reason text CHECK (length(reason) BETWEEN 1 AND 2000),
    -- The day the status took effect (planned: the day work is to start).
    effective_on date NOT NULL,
    author_id uuid REFERENCES accounts (id),
    created_at timestamptz NOT NULL,
    CHECK (status <> 'not_done' OR reason IS NOT NULL)
);
CREATE INDEX implementation_updates_proposal ON implementation_updates (proposal_id, id);

-- The handover history and the implementation updates are public records: append-only,
-- like the audit log.
CREATE TRIGGER proposal_handovers_append_only BEFORE UPDATE OR DELETE ON proposal_handovers
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER implementation_updates_append_only BEFORE UPDATE OR DELETE ON implementation_updates
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
