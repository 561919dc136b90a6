import Foundation
import MitredenDomain
import PostgresNIO

/// Supports: one row per (proposal, account), the primary key being the last word on
/// "one person, one support". The counters follow the rows by trigger (Schema 0008), in
/// the same transaction, and only when a row really appeared or disappeared.
public enum Supports {
    /// Adds the support; returns false when it existed already.
    public static func add(_ target: VoteTarget, account: Account.ID, now: Date, on db: some SQLExecutor) async throws -> Bool {
        let inserted = try await db.query(
            """
            INSERT INTO supports (proposal_id, account_id, campaign_id, created_at)
            VALUES (\(target.proposalID), \(account), \(target.campaignID), \(now))
            ON CONFLICT DO NOTHING RETURNING 1
            """)
        return !inserted.isEmpty
    }

    /// Removes the support; returns false when there was none.
    public static func remove(_ target: VoteTarget, account: Account.ID, on db: some SQLExecutor) async throws -> Bool {
        let deleted = try await db.query(
            """
            DELETE FROM supports WHERE proposal_id = \(target.proposalID) AND account_id = \(account) RETURNING 1
            """)
        return !deleted.isEmpty
    }

    /// How many proposals of the campaign the account supports.
    public static func count(campaign: Campaign.ID, account: Account.ID, on db: some SQLExecutor) async throws -> Int {
        try await db.query(
            """
            SELECT count(*)::int FROM supports WHERE campaign_id = \(campaign) AND account_id = \(account)
            """)[0].decode(Int.self)
    }

    /// The proposal's counters: supports, pro, contra.
    public static func counters(proposal: Proposal.ID, on db: some SQLExecutor) async throws -> (supports: Int, pro: Int, contra: Int) {
        let rows = try await db.query(
            "SELECT supports, pro, contra FROM proposal_counters WHERE proposal_id = \(proposal)"
        )
        guard let row = rows.first else { return (0, 0, 0) }
        let (supports, pro, contra) = try row.decode((Int, Int, Int).self)
        return (supports, pro, contra)
    }

    /// Whether the account supports the proposal, and its rating of it.
    public static func participant(_ account: Account.ID, of proposal: Proposal.ID, on db: some SQLExecutor) async throws -> (
        supported: Bool, rating: Int?
    ) {
        let (supported, rating) = try await db.query(
            """
            SELECT EXISTS (SELECT 1 FROM supports WHERE proposal_id = \(proposal) AND account_id = \(account)),
                   (SELECT value::int FROM ratings WHERE proposal_id = \(proposal) AND account_id = \(account))
            """)[0].decode((Bool, Int?).self)
        return (supported, rating)
    }
}
