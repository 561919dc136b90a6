import Foundation
import MitredenDomain
import PostgresNIO

/// Bulk writes for a Pabulib import. Rows go in as arrays bound to one `unnest(...)`
/// statement per batch, so 100 000 ballots take a handful of round trips instead of
/// 100 000, and every value is still a bound parameter.
public enum PabulibImport {
    public struct Project: Sendable {
        public var id: Proposal.ID
        public var reference: String
        public var title: String
        public var costCents: Int64
        public init(id: Proposal.ID, reference: String, title: String, costCents: Int64) {
            self.id = id
            self.reference = reference
            self.title = title
            self.costCents = costCents
        }
    }

    /// One imported voter: (proposal, points as exact decimal) in the file's order.
    public typealias Ballot = [(proposal: Proposal.ID, points: String)]

    static let batchSize = 20_000

    public static func insertProjects(_ projects: [Project], campaign: Campaign.ID, area: BudgetArea.ID, now: Date, on db: some SQLExecutor)
        async throws
    {
        for start in stride(from: 0, to: projects.count, by: Self.batchSize) {
            let batch = projects[start..<min(start + Self.batchSize, projects.count)]
            try await db.query(
                """
                INSERT INTO proposals (id, campaign_id, area_id, reference, channel, title, cost_cents, moderation_status, created_at, published_at)
                SELECT p.id, \(campaign), \(area), p.reference, 'import', p.title, p.cost, 'published', \(now), \(now)
                FROM unnest(\(batch.map(\.id))::uuid[], \(batch.map(\.reference))::text[], \(batch.map(\.title))::text[],
                            \(batch.map(\.costCents))::int8[]) AS p(id, reference, title, cost)
                """)
        }
    }

    /// Inserts anonymous ballots (no account) in file order.
    public static func insertBallots(
        _ ballots: [Ballot], campaign: Campaign.ID, area: BudgetArea.ID, now: Date, on db: some SQLExecutor,
        progress: @Sendable (Int) -> Void = { _ in }
    ) async throws {
        for start in stride(from: 0, to: ballots.count, by: Self.batchSize) {
            let end = min(start + Self.batchSize, ballots.count)
            let ids = (start..<end).map { _ in UUID() }
            try await db.query(
                """
                INSERT INTO ballots (id, campaign_id, area_id, account_id, position, submitted_at)
                SELECT b.id, \(campaign), \(area), NULL, b.position, \(now)
                FROM unnest(\(ids)::uuid[], \(Array(start..<end))::int[]) AS b(id, position)
                """)
            var ballotIDs: [UUID] = [], proposals: [Proposal.ID] = [], ranks: [Int] = [], points: [String] = []
            for (offset, ballot) in ballots[start..<end].enumerated() {
                for (rank, choice) in ballot.enumerated() {
                    ballotIDs.append(ids[offset])
                    proposals.append(choice.proposal)
                    ranks.append(rank)
                    points.append(choice.points)
                }
            }
            try await db.query(
                """
                INSERT INTO ballot_choices (ballot_id, proposal_id, rank, points)
                SELECT c.ballot, c.proposal, c.rank, c.points::numeric
                FROM unnest(\(ballotIDs)::uuid[], \(proposals)::uuid[], \(ranks)::int[], \(points)::text[]) AS c(ballot, proposal, rank, points)
                """)
            progress(end)
        }
    }

    /// Keeps the file's vote type and META for a faithful export.
    public static func recordSource(area: BudgetArea.ID, campaign: Campaign.ID, voteType: BudgetVoteType, meta: PabulibMeta, on db: some SQLExecutor)
        async throws
    {
        let pairs = meta.entries.map { [$0.key, $0.value] }
        let json = String(decoding: try JSONEncoder().encode(pairs), as: UTF8.self)
        try await db.query(
            """
            INSERT INTO pabulib_sources (area_id, campaign_id, vote_type, meta) VALUES (\(area), \(campaign), \(voteType.rawValue), \(json)::jsonb)
            """)
    }

    /// META of an imported area, if it came from a file.
    public static func source(area: BudgetArea.ID, on db: some SQLExecutor) async throws -> PabulibMeta? {
        guard
            let text = try await db.query("SELECT meta::text FROM pabulib_sources WHERE area_id = \(area)")
                .first?.decode(String.self)
        else { return nil }
        let pairs = try JSONDecoder().decode([[String]].self, from: Data(text.utf8))
        return PabulibMeta(pairs.compactMap { $0.count == 2 ? (key: $0[0], value: $0[1]) : nil })
    }
}
