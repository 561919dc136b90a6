import Foundation
import PostgresNIO

/// Pro (+1) and contra (−1) ratings, one per (proposal, account) and changeable. Callers
/// hold the participant lock (``VoteTargets/lockParticipant``), so the previous value read
/// here is the one the upsert replaces and the counters move by exactly the difference.
public struct Ratings: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// Sets the rating to `value` (1 or −1); returns the previous value, if any.
    @discardableResult
    public func set(_ target: VoteTarget, account: UUID, value: Int, now: Date, on connection: PostgresConnection) async throws -> Int? {
        let previous = try await current(target.proposalID, account: account, on: connection)
        guard previous != value else { return previous }
        try await connection.query("""
            INSERT INTO ratings (proposal_id, account_id, campaign_id, value, created_at, updated_at)
            VALUES (\(target.proposalID), \(account), \(target.campaignID), \(value), \(now), \(now))
            ON CONFLICT (proposal_id, account_id) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
            """, logger: database.logger)
        let (pro, contra) = Self.delta(from: previous, to: value)
        try await adjust(target.proposalID, pro: pro, contra: contra, on: connection)
        return previous
    }

    /// Removes the rating; returns the value it had.
    @discardableResult
    public func remove(_ target: VoteTarget, account: UUID, on connection: PostgresConnection) async throws -> Int? {
        let rows = try await connection.query("""
            DELETE FROM ratings WHERE proposal_id = \(target.proposalID) AND account_id = \(account) RETURNING value::int
            """, logger: database.logger).collect()
        guard let previous = try rows.first?.decode(Int.self) else { return nil }
        let (pro, contra) = Self.delta(from: previous, to: nil)
        try await adjust(target.proposalID, pro: pro, contra: contra, on: connection)
        return previous
    }

    func current(_ proposal: UUID, account: UUID, on connection: PostgresConnection) async throws -> Int? {
        try await connection.query("""
            SELECT value::int FROM ratings WHERE proposal_id = \(proposal) AND account_id = \(account)
            """, logger: database.logger).collect().first?.decode(Int.self)
    }

    static func delta(from old: Int?, to new: Int?) -> (pro: Int, contra: Int) {
        func count(_ value: Int?) -> (Int, Int) { (value == 1 ? 1 : 0, value == -1 ? 1 : 0) }
        let (oldPro, oldContra) = count(old)
        let (newPro, newContra) = count(new)
        return (newPro - oldPro, newContra - oldContra)
    }

    private func adjust(_ proposal: UUID, pro: Int, contra: Int, on connection: PostgresConnection) async throws {
        guard pro != 0 || contra != 0 else { return }
        try await connection.query("""
            UPDATE proposal_counters SET pro = pro + \(pro), contra = contra + \(contra) WHERE proposal_id = \(proposal)
            """, logger: database.logger)
    }

    /// Counters of every published, not withdrawn proposal of the campaign, for rankings.
    public func tallies(campaign: UUID) async throws -> [(id: UUID, reference: String?, title: String, supports: Int, pro: Int, contra: Int)] {
        try await database.query("""
            SELECT p.id, p.reference, p.title, k.supports, k.pro, k.contra
            FROM proposals p JOIN proposal_counters k ON k.proposal_id = p.id
            WHERE p.campaign_id = \(campaign) AND p.moderation_status = 'published' AND p.withdrawn_at IS NULL
            """).map { row in
            let (id, reference, title, supports, pro, contra) = try row.decode((UUID, String?, String, Int, Int, Int).self)
            return (id, reference, title, supports, pro, contra)
        }
    }
}
