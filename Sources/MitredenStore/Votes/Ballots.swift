import Foundation
import MitredenDomain
import PostgresNIO

/// A participant's stored budget ballot in one area.
public struct BallotRecord: Sendable, Equatable {
    public var id: Ballot.ID
    public var areaSlug: String
    public var choices: [BallotChoice]
    public var totalCostCents: Int64
    public var submittedAt: Date
}

/// A proposal that may be chosen on a ballot of an area.
public struct BallotOption: Sendable, Equatable {
    public var id: Proposal.ID
    public var reference: String?
    public var title: String
    public var costCents: Int64
}

/// Budget ballots: one per (campaign, area, account) by a unique key; a replacement
/// rewrites the choices of the one row inside the caller's transaction.
public enum Ballots {
    /// Published, not withdrawn proposals of the area, with their cost (none without one).
    public static func options(campaign: Campaign.ID, area: BudgetArea.ID, on db: some SQLExecutor) async throws -> [BallotOption] {
        try await db.query(
            """
            SELECT id, reference, title, cost_cents FROM proposals
            WHERE campaign_id = \(campaign) AND area_id = \(area) AND moderation_status = 'published'
              AND withdrawn_at IS NULL AND cost_cents IS NOT NULL
            ORDER BY reference COLLATE "C", id
            """
        ).map { row in
            let (id, reference, title, cost) = try row.decode((Proposal.ID, String?, String, Int64).self)
            return BallotOption(id: id, reference: reference, title: title, costCents: cost)
        }
    }

    /// Inserts or replaces the ballot and its choices; returns the ballot id. The upsert
    /// locks the ballot row, so a concurrent replacement waits and then replaces this one
    /// whole: the stored choices are always one submitted set, never a mix.
    public static func replace(
        campaign: Campaign.ID, area: BudgetArea.ID, account: Account.ID, choices: [BallotChoice], now: Date, on db: some SQLExecutor
    ) async throws -> Ballot.ID {
        let id = try await db.query(
            """
            INSERT INTO ballots (campaign_id, area_id, account_id, submitted_at) VALUES (\(campaign), \(area), \(account), \(now))
            ON CONFLICT (campaign_id, area_id, account_id) DO UPDATE SET submitted_at = EXCLUDED.submitted_at
            RETURNING id
            """)[0].decode(Ballot.ID.self)
        try await db.query("DELETE FROM ballot_choices WHERE ballot_id = \(id)")
        let proposals = choices.map(\.proposalID)
        let ranks = Array(0..<choices.count)
        let points = choices.map { String($0.points ?? 1) }
        try await db.query(
            """
            INSERT INTO ballot_choices (ballot_id, proposal_id, rank, points)
            SELECT \(id), c.proposal, c.rank, c.points::numeric
            FROM unnest(\(proposals)::uuid[], \(ranks)::int[], \(points)::text[]) AS c(proposal, rank, points)
            """)
        return id
    }

    /// Deletes the ballot; returns false when there was none.
    public static func delete(campaign: Campaign.ID, area: BudgetArea.ID, account: Account.ID, on db: some SQLExecutor) async throws -> Bool {
        !(try await db.query(
            """
            DELETE FROM ballots WHERE campaign_id = \(campaign) AND area_id = \(area) AND account_id = \(account) RETURNING 1
            """
        ).isEmpty)
    }

    /// Slugs of the areas of the campaign in which the account has a ballot.
    public static func areas(campaign: Campaign.ID, account: Account.ID, on db: some SQLExecutor) async throws -> [String] {
        try await db.query(
            """
            SELECT a.slug FROM ballots b JOIN budget_areas a ON a.id = b.area_id
            WHERE b.campaign_id = \(campaign) AND b.account_id = \(account) ORDER BY a.slug
            """
        ).map { try $0.decode(String.self) }
    }

    /// The account's ballot in the area, if any.
    public static func find(campaign: Campaign.ID, area: BudgetArea.ID, account: Account.ID, on db: some SQLExecutor) async throws -> BallotRecord? {
        let rows = try await db.query(
            """
            SELECT b.id, a.slug, b.submitted_at FROM ballots b JOIN budget_areas a ON a.id = b.area_id
            WHERE b.campaign_id = \(campaign) AND b.area_id = \(area) AND b.account_id = \(account)
            """)
        guard let row = rows.first else { return nil }
        let (id, slug, submitted) = try row.decode((Ballot.ID, String, Date).self)
        var total: Int64 = 0
        let choices = try await db.query(
            """
            SELECT c.proposal_id, c.points::int, coalesce(p.cost_cents, 0) FROM ballot_choices c
            JOIN proposals p ON p.id = c.proposal_id WHERE c.ballot_id = \(id) ORDER BY c.rank
            """
        ).map { row in
            let (proposal, points, cost) = try row.decode((Proposal.ID, Int, Int64).self)
            // Saturating: rows stored before the ceiling (Schema 0009) may be larger.
            let (sum, overflow) = total.addingReportingOverflow(cost)
            total = overflow ? .max : sum
            return BallotChoice(proposalID: proposal, points: points)
        }
        return BallotRecord(id: id, areaSlug: slug, choices: choices, totalCostCents: total, submittedAt: submitted)
    }
}
