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
public struct OfficialResponses: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    public func add(
        to proposal: UUID, unit: UUID, status: LifecycleStatus, body: String, author: UUID?, now: Date, on connection: PostgresConnection
    ) async throws {
        try await connection.query("""
            INSERT INTO official_responses (proposal_id, unit_id, status, body, author_id, created_at)
            VALUES (\(proposal), \(unit), \(status.rawValue), \(body), \(author), \(now))
            """, logger: database.logger)
        try await Proposals(database: database).setLifecycle(proposal, to: status, on: connection)
    }

    /// Oldest first.
    public func history(of proposal: UUID) async throws -> [OfficialResponseRecord] {
        try await database.query("""
            SELECT r.status, r.body, u.slug, u.name, r.created_at FROM official_responses r JOIN organization_units u ON u.id = r.unit_id
            WHERE r.proposal_id = \(proposal) ORDER BY r.id
            """).map { row in
            let (status, body, slug, name, created) = try row.decode((String, String, String, String, Date).self)
            return OfficialResponseRecord(status: LifecycleStatus(rawValue: status) ?? .open, body: body, unitSlug: slug, unitName: name, createdAt: created)
        }
    }
}
