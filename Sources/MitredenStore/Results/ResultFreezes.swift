import Foundation
import MitredenDomain
import PostgresNIO

/// The input of an area as it stood when its vote ended (`result_freezes`). Once voting
/// has closed every run is computed from it, so a proposal withdrawn, flagged or rejected
/// afterwards, or an account erased, changes no result: only an explicit exclusion by staff
/// does (``ResultService/exclude(_:area:proposal:reason:by:)``), and that makes a new run.
///
/// The freeze is taken by whatever comes first after the end: the result worker's round
/// (every 30 s by default), a staff computation or an exclusion.
enum ResultFreezes {
    /// When the campaign's (last) voting phase ends or ended; nil without one.
    static func votingEnd(campaign: Campaign.ID, on db: some SQLExecutor) async throws -> Date? {
        try await db.query("SELECT max(ends_at) FROM phases WHERE campaign_id = \(campaign) AND kind = 'voting'")
            .first?.decode(Date?.self) ?? nil
    }

    /// The area's input for results at `now`: the frozen one once voting has ended (taken now
    /// if nobody has yet), else the ballots as they are. Returns whether it is frozen.
    static func input(
        campaign: Campaign.ID, area: BudgetArea.ID, method: BallotMethod?, now: Date, on tx: Transaction
    ) async throws -> (input: ResultInput, frozen: Bool) {
        guard let end = try await votingEnd(campaign: campaign, on: tx), end <= now else {
            return (try await ResultInputs.read(campaign: campaign, area: area, method: method, on: tx), false)
        }
        if let frozen = try await frozen(area: area, votingEndedAt: end, on: tx) { return (frozen, true) }
        let input = try await ResultInputs.read(campaign: campaign, area: area, method: method, on: tx)
        let digest = input.digest
        try await ResultInputStore.save(input, digest: digest, campaign: campaign, area: area, now: now, on: tx)
        try await tx.query(
            """
            INSERT INTO result_freezes (area_id, campaign_id, voting_ended_at, input_digest, frozen_at)
            VALUES (\(area), \(campaign), \(end), \(digest), \(now))
            ON CONFLICT DO NOTHING
            """)
        // Another transaction may have frozen first; its input is the one that counts.
        return (try await frozen(area: area, votingEndedAt: end, on: tx) ?? input, true)
    }

    /// The same for a computation on the pool: the ballots are read in a repeatable-read
    /// snapshot of their own, and the freeze is written in read committed, where a
    /// concurrent freeze of the same input makes the insert wait and do nothing instead of
    /// failing the repeatable-read transaction with a serialisation error.
    static func input(
        campaign: Campaign.ID, area: BudgetArea.ID, method: BallotMethod?, now: Date, in database: Database
    ) async throws -> (input: ResultInput, frozen: Bool) {
        guard let end = try await votingEnd(campaign: campaign, on: database), end <= now else {
            return (try await ResultInputs.input(campaign: campaign, area: area, method: method, in: database), false)
        }
        if let frozen = try await frozen(area: area, votingEndedAt: end, on: database) { return (frozen, true) }
        let input = try await ResultInputs.input(campaign: campaign, area: area, method: method, in: database)
        let digest = input.digest
        try await database.withTransaction { tx in
            try await ResultInputStore.save(input, digest: digest, campaign: campaign, area: area, now: now, on: tx)
            try await tx.query(
                """
                INSERT INTO result_freezes (area_id, campaign_id, voting_ended_at, input_digest, frozen_at)
                VALUES (\(area), \(campaign), \(end), \(digest), \(now))
                ON CONFLICT DO NOTHING
                """)
        }
        return (try await frozen(area: area, votingEndedAt: end, on: database) ?? input, true)
    }

    private static func frozen(area: BudgetArea.ID, votingEndedAt end: Date, on db: some SQLExecutor) async throws -> ResultInput? {
        guard
            let digest = try await db.query(
                "SELECT input_digest FROM result_freezes WHERE area_id = \(area) AND voting_ended_at = \(end)"
            ).first?.decode(String.self)
        else { return nil }
        return try await ResultInputStore.load(area: area, digest: digest, on: db)
    }
}
