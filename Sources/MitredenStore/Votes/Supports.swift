import Foundation
import PostgresNIO

/// Supports: one row per (proposal, account), the primary key being the last word on
/// "one person, one support". Counters change in the same transaction, and only when a
/// row really appeared or disappeared.
public struct Supports: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// Adds the support; returns false when it existed already.
    public func add(_ target: VoteTarget, account: UUID, now: Date, on connection: PostgresConnection) async throws -> Bool {
        let inserted = try await connection.query("""
            INSERT INTO supports (proposal_id, account_id, campaign_id, created_at)
            VALUES (\(target.proposalID), \(account), \(target.campaignID), \(now))
            ON CONFLICT DO NOTHING RETURNING 1
            """, logger: database.logger).collect()
        guard !inserted.isEmpty else { return false }
        try await connection.query(
            "UPDATE proposal_counters SET supports = supports + 1 WHERE proposal_id = \(target.proposalID)", logger: database.logger
        )
        return true
    }

    /// Removes the support; returns false when there was none.
    public func remove(_ target: VoteTarget, account: UUID, on connection: PostgresConnection) async throws -> Bool {
        let deleted = try await connection.query("""
            DELETE FROM supports WHERE proposal_id = \(target.proposalID) AND account_id = \(account) RETURNING 1
            """, logger: database.logger).collect()
        guard !deleted.isEmpty else { return false }
        try await connection.query(
            "UPDATE proposal_counters SET supports = supports - 1 WHERE proposal_id = \(target.proposalID)", logger: database.logger
        )
        return true
    }

    /// How many proposals of the campaign the account supports.
    public func count(campaign: UUID, account: UUID, on connection: PostgresConnection) async throws -> Int {
        try await connection.query("""
            SELECT count(*)::int FROM supports WHERE campaign_id = \(campaign) AND account_id = \(account)
            """, logger: database.logger).collect()[0].decode(Int.self)
    }

    /// The proposal's counters: supports, pro, contra.
    public func counters(proposal: UUID, on connection: PostgresConnection) async throws -> (supports: Int, pro: Int, contra: Int) {
        let rows = try await connection.query(
            "SELECT supports, pro, contra FROM proposal_counters WHERE proposal_id = \(proposal)", logger: database.logger
        ).collect()
        guard let row = rows.first else { return (0, 0, 0) }
        let (supports, pro, contra) = try row.decode((Int, Int, Int).self)
        return (supports, pro, contra)
    }

    /// Whether the account supports the proposal, and its rating of it.
    public func participant(_ account: UUID, of proposal: UUID, on connection: PostgresConnection) async throws -> (supported: Bool, rating: Int?) {
        let (supported, rating) = try await connection.query("""
            SELECT EXISTS (SELECT 1 FROM supports WHERE proposal_id = \(proposal) AND account_id = \(account)),
                   (SELECT value::int FROM ratings WHERE proposal_id = \(proposal) AND account_id = \(account))
            """, logger: database.logger).collect()[0].decode((Bool, Int?).self)
        return (supported, rating)
    }
}
