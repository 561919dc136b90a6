import Foundation
import MitredenDomain
import PostgresNIO

/// One step of what became of a proposal after its official response.
public struct ImplementationUpdateRecord: Sendable, Equatable {
    public var status: ImplementationStatus
    public var note: String
    public var reason: String?
    public var effectiveOn: CalendarDay
    public var unit: String
    public var unitName: String
    public var createdAt: Date
}

/// A line of the public accountability list: a proposal and its latest state.
public struct AccountabilityRow: Sendable, Equatable {
    public var proposalID: Proposal.ID
    public var title: String
    public var unit: String
    public var unitName: String
    public var lifecycleStatus: LifecycleStatus
    public var publishedOn: CalendarDay?
    public var dueOn: CalendarDay?
    public var respondedOn: CalendarDay?
    public var implementation: ImplementationStatus?
    public var implementationOn: CalendarDay?
    public var implementationReason: String?
}

/// Implementation updates (Schema 0023) and the accountability list built on them.
public enum ImplementationUpdates {
    public static func add(
        to proposal: Proposal.ID, unit: OrganizationUnit.ID, status: ImplementationStatus, note: String, reason: String?,
        effectiveOn: CalendarDay, author: Account.ID?, now: Date, on db: some SQLExecutor
    ) async throws {
        try await db.query(
            """
            INSERT INTO implementation_updates (proposal_id, unit_id, status, note, reason, effective_on, author_id, created_at)
            VALUES (\(proposal), \(unit), \(status.rawValue), \(note), \(reason), \(effectiveOn.description)::date, \(author), \(now))
            """)
    }

    /// Oldest first.
    public static func history(of proposal: Proposal.ID, on db: some SQLExecutor) async throws -> [ImplementationUpdateRecord] {
        try await db.query(
            """
            SELECT i.status, i.note, i.reason, i.effective_on::text, u.slug, u.name, i.created_at
            FROM implementation_updates i JOIN organization_units u ON u.id = i.unit_id
            WHERE i.proposal_id = \(proposal) ORDER BY i.id
            """
        ).map { row in
            let (status, note, reason, effective, unit, name, created) = try row.decode(
                (String, String, String?, String, String, String, Date).self)
            return ImplementationUpdateRecord(
                status: try ImplementationStatus(stored: status), note: note, reason: reason, effectiveOn: try CalendarDay(stored: effective),
                unit: unit, unitName: name, createdAt: created)
        }
    }

    /// SQL of the accountability list: every published proposal of the campaign with its
    /// responsible unit, response status, promise dates and latest implementation update.
    /// Shared by the route (one page, after a proposal id) and `accountability.csv`.
    static func select(campaign: Campaign.ID, after: Proposal.ID?, limit: Int?) -> PostgresQuery {
        """
        SELECT p.id, p.title, u.slug AS unit, u.name AS unit_name, p.lifecycle_status,
               d.published_on::text AS published_on, d.due_on::text AS due_on, d.first_response_on::text AS responded_on,
               i.status AS implementation, i.effective_on::text AS implementation_on, i.reason AS implementation_reason
        FROM proposals p JOIN campaigns c ON c.id = p.campaign_id
        JOIN organization_units u ON u.id = coalesce(p.responsible_unit_id, c.unit_id)
        LEFT JOIN response_duties d ON d.proposal_id = p.id
        LEFT JOIN LATERAL (SELECT status, effective_on, reason FROM implementation_updates x
                           WHERE x.proposal_id = p.id ORDER BY x.id DESC LIMIT 1) i ON true
        WHERE p.campaign_id = \(campaign) AND p.moderation_status = 'published' AND p.withdrawn_at IS NULL
          AND (\(after)::uuid IS NULL OR p.id > \(after))
        ORDER BY p.id LIMIT \(limit ?? Int(Int32.max))
        """
    }

    static func decodeRow(_ row: PostgresRow) throws -> AccountabilityRow {
        let column = NamedColumns(row)
        func day(_ name: String) throws -> CalendarDay? { try column(name, as: String?.self).map { try CalendarDay(stored: $0) } }
        return AccountabilityRow(
            proposalID: try column("id"), title: try column("title"), unit: try column("unit"), unitName: try column("unit_name"),
            lifecycleStatus: try column.stored("lifecycle_status"), publishedOn: try day("published_on"), dueOn: try day("due_on"),
            respondedOn: try day("responded_on"), implementation: try column.stored("implementation", as: ImplementationStatus?.self),
            implementationOn: try day("implementation_on"), implementationReason: try column("implementation_reason"))
    }

    public static func accountability(campaign: Campaign.ID, after: Proposal.ID?, limit: Int, on db: some SQLExecutor) async throws
        -> [AccountabilityRow]
    {
        try await db.query(select(campaign: campaign, after: after, limit: limit)).map(decodeRow)
    }
}
