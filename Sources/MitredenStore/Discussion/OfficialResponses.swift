import Foundation
import MitredenDomain
import PostgresNIO

/// One official response of a unit to a proposal.
public struct OfficialResponseRecord: Sendable, Equatable {
    public var status: LifecycleStatus
    public var body: String
    public var unitSlug: String
    public var unitName: String
    public var createdAt: Date
}

/// The history of official responses; the newest sets the proposal's lifecycle status.
public enum OfficialResponses {
    public static func add(
        to proposal: Proposal.ID, unit: OrganizationUnit.ID, status: LifecycleStatus, body: String, author: Account.ID?, now: Date,
        on db: some SQLExecutor
    ) async throws {
        try await db.query(
            """
            INSERT INTO official_responses (proposal_id, unit_id, status, body, author_id, created_at)
            VALUES (\(proposal), \(unit), \(status.rawValue), \(body), \(author), \(now))
            """)
        try await Proposals.setLifecycle(proposal, to: status, on: db)
        try await ResponseDuties.recordResponse(to: proposal, now: now, on: db)
    }

    /// Oldest first.
    public static func history(of proposal: Proposal.ID, on db: some SQLExecutor) async throws -> [OfficialResponseRecord] {
        try await db.query(
            """
            SELECT r.status, r.body, u.slug, u.name, r.created_at FROM official_responses r JOIN organization_units u ON u.id = r.unit_id
            WHERE r.proposal_id = \(proposal) ORDER BY r.id
            """
        ).map { row in
            let (status, body, slug, name, created) = try row.decode((String, String, String, String, Date).self)
            return OfficialResponseRecord(
                status: LifecycleStatus(rawValue: status) ?? .open, body: body, unitSlug: slug, unitName: name, createdAt: created)
        }
    }
}
