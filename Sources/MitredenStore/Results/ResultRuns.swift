import Foundation
import PostgresNIO

/// A stored, reproducible result of one rule in one area.
public struct ResultRunRecord: Sendable, Equatable {
    public struct Selected: Sendable, Equatable, Codable {
        public var proposalId: UUID
        public var reference: String?
        public var title: String
        public var costCents: Int64
        public init(proposalId: UUID, reference: String?, title: String, costCents: Int64) {
            self.proposalId = proposalId
            self.reference = reference
            self.title = title
            self.costCents = costCents
        }
    }
    public var id: UUID
    public var campaignID: UUID
    public var areaID: UUID
    public var areaSlug: String
    public var method: String
    public var parameters: String
    public var inputDigest: String
    public var ballots: Int
    public var selected: [Selected]
    public var totalCostCents: Int64
    public var computedAt: Date
    public var official: Bool
}

/// Result runs: frozen outcomes. A run is never changed except for its official flag.
public enum ResultRuns {
    static let columns = """
        r.id, r.campaign_id, r.area_id, a.slug, r.method, r.parameters::text, r.input_digest, r.ballots,
        r.selected::text, r.total_cost_cents, r.computed_at, r.official
        """

    /// The newest run of `method` on exactly this input, if one was stored.
    public static func find(area: UUID, method: String, digest: String, on db: some SQLExecutor) async throws -> ResultRunRecord? {
        try await db.query("""
            SELECT \(unescaped: Self.columns) FROM result_runs r JOIN budget_areas a ON a.id = r.area_id
            WHERE r.area_id = \(area) AND r.method = \(method) AND r.input_digest = \(digest)
            ORDER BY r.official DESC, r.computed_at DESC LIMIT 1
            """).first.map(Self.decode)
    }

    public static func find(id: UUID, on db: some SQLExecutor) async throws -> ResultRunRecord? {
        try await db.query("""
            SELECT \(unescaped: Self.columns) FROM result_runs r JOIN budget_areas a ON a.id = r.area_id WHERE r.id = \(id)
            """).first.map(Self.decode)
    }

    /// Stores a run and returns its id.
    public static func insert(
        campaign: UUID, area: UUID, method: String, parameters: String, digest: String, ballots: Int,
        selected: [ResultRunRecord.Selected], totalCostCents: Int64, now: Date, on db: some SQLExecutor
    ) async throws -> UUID {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let selection = String(decoding: try encoder.encode(selected), as: UTF8.self)
        return try await db.query("""
            INSERT INTO result_runs (campaign_id, area_id, method, parameters, input_digest, ballots, selected, total_cost_cents, computed_at)
            VALUES (\(campaign), \(area), \(method), \(parameters)::jsonb, \(digest), \(ballots), \(selection)::jsonb, \(totalCostCents), \(now))
            RETURNING id
            """)[0].decode(UUID.self)
    }

    /// Makes the run the one official result of its area, replacing an earlier official one.
    public static func markOfficial(_ id: UUID, on db: some SQLExecutor) async throws -> Bool {
        let rows = try await db.query("SELECT campaign_id, area_id FROM result_runs WHERE id = \(id) FOR UPDATE")
        guard let row = rows.first else { return false }
        let (campaign, area) = try row.decode((UUID, UUID).self)
        // Serialise concurrent markings of one area; the partial unique index is the backstop.
        try await db.query("SELECT pg_advisory_xact_lock(hashtextextended(\(area.uuidString), 7))")
        try await db.query("""
            UPDATE result_runs SET official = false WHERE campaign_id = \(campaign) AND area_id = \(area) AND official AND id <> \(id)
            """)
        try await db.query("UPDATE result_runs SET official = true WHERE id = \(id)")
        return true
    }

    /// The official run of each area of the campaign.
    public static func official(campaign: UUID, on db: some SQLExecutor) async throws -> [ResultRunRecord] {
        try await db.query("""
            SELECT \(unescaped: Self.columns) FROM result_runs r JOIN budget_areas a ON a.id = r.area_id
            WHERE r.campaign_id = \(campaign) AND r.official ORDER BY a.position, a.slug
            """).map(Self.decode)
    }

    static func decode(_ row: PostgresRow) throws -> ResultRunRecord {
        let (id, campaign, area, slug, method, parameters, digest, ballots, selected, total, computed, official) =
            try row.decode((UUID, UUID, UUID, String, String, String, String, Int, String, Int64, Date, Bool).self)
        let choices = try JSONDecoder().decode([ResultRunRecord.Selected].self, from: Data(selected.utf8))
        return ResultRunRecord(id: id, campaignID: campaign, areaID: area, areaSlug: slug, method: method, parameters: parameters,
                               inputDigest: digest, ballots: ballots, selected: choices, totalCostCents: total,
                               computedAt: computed, official: official)
    }
}
