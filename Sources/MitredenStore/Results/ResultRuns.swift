import Foundation
import MitredenDomain
import PostgresNIO

/// A stored, reproducible result of one rule in one area.
public struct ResultRunRecord: Sendable, Equatable {
    public struct Selected: Sendable, Equatable, Codable {
        public var proposalId: Proposal.ID
        public var reference: String?
        public var title: String
        public var costCents: Int64
        public init(proposalId: Proposal.ID, reference: String?, title: String, costCents: Int64) {
            self.proposalId = proposalId
            self.reference = reference
            self.title = title
            self.costCents = costCents
        }

        /// Rows written by hand (or by tools before 0020 added titles) may hold only the id;
        /// readers take the title and cost from the proposal then (``AreaProjects``).
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            proposalId = try container.decode(Proposal.ID.self, forKey: .proposalId)
            reference = try container.decodeIfPresent(String.self, forKey: .reference)
            title = try container.decodeIfPresent(String.self, forKey: .title) ?? ""
            costCents = try container.decodeIfPresent(Int64.self, forKey: .costCents) ?? 0
        }
    }
    public var id: ResultRun.ID
    public var campaignID: Campaign.ID
    public var areaID: BudgetArea.ID
    public var areaSlug: String
    public var method: String
    public var parameters: String
    public var inputDigest: String
    public var ballots: Int
    public var selected: [Selected]
    public var totalCostCents: Int64
    public var computedAt: Date
    public var official: Bool
    /// The run this one replaced after a staff exclusion, and why.
    public var supersedes: ResultRun.ID?
    public var supersedeReason: String?
    /// Proposals excluded by staff after the close, cumulatively, lower-case ids.
    public var excluded: [Proposal.ID]
    /// Why each project was or was not funded; absent on runs stored before 0020.
    public var explanation: ResultExplanation?
    /// Votes per project counted from the run's input (every project of the input, in its
    /// order); absent on runs stored before 0024.
    public var tallies: [ProjectTally]? = nil
}

/// Result runs: frozen outcomes. A run is never changed except for its official flag.
public enum ResultRuns {
    static let columns = """
        r.id, r.campaign_id, r.area_id, a.slug AS area_slug, r.method, r.parameters::text AS parameters, r.input_digest, r.ballots,
        r.selected::text AS selected, r.total_cost_cents, r.computed_at, r.official, r.supersedes, r.supersede_reason,
        r.excluded::text AS excluded, r.explanation::text AS explanation, r.tallies::text AS tallies
        """

    /// The newest run of `method` on exactly this input, if one was stored.
    public static func find(area: BudgetArea.ID, method: String, digest: String, on db: some SQLExecutor) async throws -> ResultRunRecord? {
        try await db.query(
            """
            SELECT \(unescaped: Self.columns) FROM result_runs r JOIN budget_areas a ON a.id = r.area_id
            WHERE r.area_id = \(area) AND r.method = \(method) AND r.input_digest = \(digest)
            ORDER BY r.official DESC, r.computed_at DESC LIMIT 1
            """
        ).first.map(Self.decode)
    }

    public static func find(id: ResultRun.ID, on db: some SQLExecutor) async throws -> ResultRunRecord? {
        try await db.query(
            """
            SELECT \(unescaped: Self.columns) FROM result_runs r JOIN budget_areas a ON a.id = r.area_id WHERE r.id = \(id)
            """
        ).first.map(Self.decode)
    }

    /// Stores a run and returns its id, or nil when a run of the same method on the same
    /// input is stored already (`result_runs_one_per_input`): two computations racing each
    /// other leave one row, and the loser reads the winner's run with ``find(area:method:digest:on:)``.
    public static func insert(
        campaign: Campaign.ID, area: BudgetArea.ID, method: String, parameters: String, digest: String, ballots: Int,
        selected: [ResultRunRecord.Selected], totalCostCents: Int64, explanation: ResultExplanation?, tallies: [ProjectTally]? = nil,
        excluded: [Proposal.ID] = [], supersedes: (run: ResultRun.ID, reason: String)? = nil, now: Date, on db: some SQLExecutor
    ) async throws -> ResultRun.ID? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let selection = String(decoding: try encoder.encode(selected), as: UTF8.self)
        let explained = try explanation.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        let exclusions = String(decoding: try encoder.encode(excluded), as: UTF8.self)
        let counted = try tallies.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        return try await db.query(
            """
            INSERT INTO result_runs (campaign_id, area_id, method, parameters, input_digest, ballots, selected, total_cost_cents, computed_at,
                                     explanation, supersedes, supersede_reason, excluded, tallies)
            VALUES (\(campaign), \(area), \(method), \(parameters)::jsonb, \(digest), \(ballots), \(selection)::jsonb, \(totalCostCents), \(now),
                    \(explained)::jsonb, \(supersedes?.run), \(supersedes?.reason), \(exclusions)::jsonb, \(counted)::jsonb)
            ON CONFLICT ON CONSTRAINT result_runs_one_per_input DO NOTHING
            RETURNING id
            """
        ).first?.decode(ResultRun.ID.self)
    }

    /// What readers get: per area of the campaign, the run of `method` to show — the
    /// official one if it is of this method, else the newest. One indexed read of stored
    /// rows; no ballot is loaded. Areas without a run are missing from the answer.
    public static func shown(campaign: Campaign.ID, method: String, on db: some SQLExecutor) async throws -> [ResultRunRecord] {
        try await db.query(
            """
            SELECT * FROM (
                SELECT DISTINCT ON (r.area_id) \(unescaped: Self.columns), a.position AS area_position
                FROM result_runs r JOIN budget_areas a ON a.id = r.area_id
                WHERE r.campaign_id = \(campaign) AND r.method = \(method)
                ORDER BY r.area_id, r.official DESC, r.computed_at DESC, r.id
            ) shown ORDER BY area_position, area_slug
            """
        ).map(Self.decode)
    }

    /// Makes the run the one official result of its area, replacing an earlier official one.
    public static func markOfficial(_ id: ResultRun.ID, on tx: Transaction) async throws -> Bool {
        let rows = try await tx.query("SELECT campaign_id, area_id FROM result_runs WHERE id = \(id) FOR UPDATE")
        guard let row = rows.first else { return false }
        let (campaign, area) = try row.decode((Campaign.ID, BudgetArea.ID).self)
        // Serialise concurrent markings of one area; the partial unique index is the backstop.
        try await tx.query("SELECT pg_advisory_xact_lock(hashtextextended(\(area.uuidString), 7))")
        try await tx.query(
            """
            UPDATE result_runs SET official = false WHERE campaign_id = \(campaign) AND area_id = \(area) AND official AND id <> \(id)
            """)
        try await tx.query("UPDATE result_runs SET official = true WHERE id = \(id)")
        return true
    }

    /// The official run of each area of the campaign.
    public static func official(campaign: Campaign.ID, on db: some SQLExecutor) async throws -> [ResultRunRecord] {
        try await db.query(
            """
            SELECT \(unescaped: Self.columns) FROM result_runs r JOIN budget_areas a ON a.id = r.area_id
            WHERE r.campaign_id = \(campaign) AND r.official ORDER BY a.position, a.slug
            """
        ).map(Self.decode)
    }

    static func decode(_ row: PostgresRow) throws -> ResultRunRecord {
        let column = NamedColumns(row)
        let selected = try JSONDecoder().decode([ResultRunRecord.Selected].self, from: Data(try column("selected", as: String.self).utf8))
        return ResultRunRecord(
            id: try column("id"), campaignID: try column("campaign_id"), areaID: try column("area_id"), areaSlug: try column("area_slug"),
            method: try column("method"), parameters: try column("parameters"), inputDigest: try column("input_digest"),
            ballots: try column("ballots"), selected: selected, totalCostCents: try column("total_cost_cents"),
            computedAt: try column("computed_at"), official: try column("official"), supersedes: try column("supersedes"),
            supersedeReason: try column("supersede_reason"),
            excluded: try JSONDecoder().decode([Proposal.ID].self, from: Data(try column("excluded", as: String.self).utf8)),
            explanation: try (try column("explanation", as: String?.self)).map {
                try JSONDecoder().decode(ResultExplanation.self, from: Data($0.utf8))
            },
            tallies: try (try column("tallies", as: String?.self)).map { try JSONDecoder().decode([ProjectTally].self, from: Data($0.utf8)) }
        )
    }
}
