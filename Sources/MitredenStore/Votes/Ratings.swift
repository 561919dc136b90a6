import Foundation
import MitredenDomain
import PostgresNIO

/// Pro (+1) and contra (−1) ratings, one per (proposal, account) and changeable. The
/// counters follow the rows by trigger (Schema 0008), so they move by exactly the
/// difference whatever writes the row.
public enum Ratings {
    /// Sets the rating to `value` (1 or −1); returns the previous value, if any.
    @discardableResult
    public static func set(_ target: VoteTarget, account: Account.ID, value: Int, now: Date, on db: some SQLExecutor) async throws -> Int? {
        let previous = try await current(target.proposalID, account: account, on: db)
        guard previous != value else { return previous }
        try await db.query(
            """
            INSERT INTO ratings (proposal_id, account_id, campaign_id, value, created_at, updated_at)
            VALUES (\(target.proposalID), \(account), \(target.campaignID), \(value), \(now), \(now))
            ON CONFLICT (proposal_id, account_id) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
            """)
        return previous
    }

    /// Removes the rating; returns the value it had.
    @discardableResult
    public static func remove(_ target: VoteTarget, account: Account.ID, on db: some SQLExecutor) async throws -> Int? {
        let rows = try await db.query(
            """
            DELETE FROM ratings WHERE proposal_id = \(target.proposalID) AND account_id = \(account) RETURNING value::int
            """)
        return try rows.first?.decode(Int.self)
    }

    static func current(_ proposal: Proposal.ID, account: Account.ID, on db: some SQLExecutor) async throws -> Int? {
        try await db.query(
            """
            SELECT value::int FROM ratings WHERE proposal_id = \(proposal) AND account_id = \(account)
            """
        ).first?.decode(Int.self)
    }

    /// Counters of every published, not withdrawn proposal of the campaign, for rankings.
    public static func tallies(campaign: Campaign.ID, on db: some SQLExecutor) async throws -> [(
        id: Proposal.ID, reference: String?, title: String, supports: Int, pro: Int, contra: Int
    )] {
        try await db.query(
            """
            SELECT p.id, p.reference, p.title, k.supports, k.pro, k.contra
            FROM proposals p JOIN proposal_counters k ON k.proposal_id = p.id
            WHERE p.campaign_id = \(campaign) AND p.moderation_status = 'published' AND p.withdrawn_at IS NULL
            """
        ).map { row in
            let (id, reference, title, supports, pro, contra) = try row.decode((Proposal.ID, String?, String, Int, Int, Int).self)
            return (id, reference, title, supports, pro, contra)
        }
    }
}
