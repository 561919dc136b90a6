import Foundation
import MitredenDomain
import PostgresNIO

/// One open proposal in a unit's queue.
public struct InboxItem: Sendable, Equatable {
    public var proposalID: Proposal.ID
    public var title: String
    public var campaignSlug: String
    public var publishedOn: CalendarDay
    /// nil when the campaign made no promise.
    public var dueOn: CalendarDay?
    public var overdue: Bool
    /// Statements asked of other units and not yet given.
    public var openStatements: Int
}

/// What each published proposal is owed (Schema 0023, `response_duties`): its responsible
/// unit and, under a campaign's promise, its due day.
public enum ResponseDuties {
    /// Called wherever a proposal becomes published (``Proposals/insert`` and
    /// ``Proposals/setModeration``): assigns the responsible unit by the campaign's routing
    /// unless one is set, and writes the due day under the campaign's promise, once (a
    /// proposal published again after being hidden keeps its first due day).
    public static func open(for proposal: Proposal.ID, now: Date, on db: some SQLExecutor) async throws {
        try await db.query(
            """
            UPDATE proposals p SET responsible_unit_id = \(unescaped: CampaignRoutes.routedUnit)
            FROM campaigns c WHERE p.id = \(proposal) AND c.id = p.campaign_id AND p.responsible_unit_id IS NULL
            """)
        let rows = try await db.query(
            """
            SELECT c.settings::text FROM proposals p JOIN campaigns c ON c.id = p.campaign_id
            WHERE p.id = \(proposal) AND NOT EXISTS (SELECT 1 FROM response_duties d WHERE d.proposal_id = p.id)
            """)
        guard let text = try rows.first?.decode(String.self),
            let promise = try JSONDecoder().decode(CampaignSettings.self, from: Data(text.utf8)).responsePromise
        else { return }
        let calendar = try await Holidays.calendar(on: db)
        let published = calendar.day(of: now)
        let (due, remind) = promise.schedule(publishedOn: published, calendar: calendar)
        try await db.query(
            """
            INSERT INTO response_duties (proposal_id, campaign_id, promised_days, published_on, remind_on, due_on)
            SELECT id, campaign_id, \(promise.workingDays), \(published.description)::date, \(remind.description)::date,
                   \(due.description)::date
            FROM proposals WHERE id = \(proposal)
            ON CONFLICT (proposal_id) DO NOTHING
            """)
    }

    /// The first official response keeps its time and day; later ones change nothing.
    public static func recordResponse(to proposal: Proposal.ID, now: Date, on db: some SQLExecutor) async throws {
        let day = try await Holidays.calendar(on: db).day(of: now)
        try await db.query(
            """
            UPDATE response_duties SET first_response_at = \(now), first_response_on = \(day.description)::date
            WHERE proposal_id = \(proposal) AND first_response_at IS NULL
            """)
    }

    /// The unit's open proposals (published, not withdrawn, no official response yet), due
    /// first; proposals without a promise come last, oldest first.
    public static func inbox(of unit: OrganizationUnit.ID, today: CalendarDay, limit: Int, on db: some SQLExecutor) async throws -> [InboxItem] {
        try await db.query(
            """
            SELECT p.id, p.title, c.slug AS campaign, coalesce(d.published_on, (p.published_at AT TIME ZONE 'Europe/Berlin')::date)::text AS published_on,
                   d.due_on::text AS due_on,
                   (SELECT count(*) FROM statement_requests s WHERE s.proposal_id = p.id AND s.answered_at IS NULL)::int AS open_statements
            FROM proposals p JOIN campaigns c ON c.id = p.campaign_id LEFT JOIN response_duties d ON d.proposal_id = p.id
            WHERE p.responsible_unit_id = \(unit) AND p.moderation_status = 'published' AND p.withdrawn_at IS NULL
              AND p.merged_into IS NULL
              AND NOT EXISTS (SELECT 1 FROM official_responses r WHERE r.proposal_id = p.id)
            ORDER BY d.due_on NULLS LAST, p.published_at, p.id
            LIMIT \(limit)
            """
        ).map { row in
            let column = NamedColumns(row)
            let due = try (column("due_on", as: String?.self)).map { try CalendarDay(stored: $0) }
            return InboxItem(
                proposalID: try column("id"), title: try column("title"), campaignSlug: try column("campaign"),
                publishedOn: try CalendarDay(stored: column("published_on")), dueOn: due,
                overdue: due.map { today > $0 } ?? false, openStatements: try column("open_statements"))
        }
    }

    /// Every due date of the campaign with its responsible unit, for the figures.
    public static func dates(of campaign: Campaign.ID, on db: some SQLExecutor) async throws -> [ResponseDutyDates] {
        try await db.query(
            """
            SELECT u.slug, u.name, d.published_on::text, d.due_on::text, d.first_response_on::text
            FROM response_duties d JOIN proposals p ON p.id = d.proposal_id
            JOIN campaigns c ON c.id = p.campaign_id
            JOIN organization_units u ON u.id = coalesce(p.responsible_unit_id, c.unit_id)
            WHERE d.campaign_id = \(campaign) AND p.moderation_status = 'published' AND p.withdrawn_at IS NULL
            ORDER BY d.published_on, p.id
            """
        ).map { row in
            let (slug, name, published, due, responded) = try row.decode((String, String, String, String, String?).self)
            return ResponseDutyDates(
                unitSlug: slug, unitName: name, publishedOn: try CalendarDay(stored: published), dueOn: try CalendarDay(stored: due),
                respondedOn: try responded.map { try CalendarDay(stored: $0) })
        }
    }
}
