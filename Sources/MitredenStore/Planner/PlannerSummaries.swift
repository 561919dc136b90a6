import Foundation
import MitredenDomain
import PostgresNIO

/// The cached summary of a planner's submitted plans (`planner_summaries`). Readers take it
/// while it is fresh; otherwise it is computed from the plans and stored again, so a
/// participant's comparison never sorts every plan itself.
public enum PlannerSummaries {
    /// A cached summary, with when it was computed.
    public static func cached(_ planner: Planner.ID, on db: some SQLExecutor) async throws -> (summary: PlannerSummary, computedAt: Date)? {
        guard let row = try await db.query("SELECT body::text, computed_at FROM planner_summaries WHERE planner_id = \(planner)").first
        else { return nil }
        let (body, computedAt) = try row.decode((String, Date).self)
        return (try JSONDecoder().decode(PlannerSummary.self, from: Data(body.utf8)), computedAt)
    }

    /// Computes the summary from the submitted plans; the clustering runs beside the
    /// per-item figures, which do not depend on it.
    public static func compute(_ planner: PlannerRecord, on tx: Transaction) async throws -> PlannerSummary {
        // PostgreSQL's JIT compiler finds the read of every plan costly enough to compile it
        // first, which took longer (0.18 s of a 0.3 s read of 100,000 plans) than it saved:
        // off for this read, and back as it was for the rest of the transaction.
        let jit = try await tx.query("SELECT current_setting('jit'), set_config('jit', 'off', true)")[0].decode((String, String).self).0
        let vectors = try await Plans.submittedVectors(of: planner, on: tx)
        try await tx.query("SELECT set_config('jit', \(jit), true)")
        let definition = planner.definition
        async let clustering = PlanClustering.typicalPlans(of: vectors, planner: definition)
        var summary = PlanStatistics.figures(of: vectors, planner: definition)
        (summary.typicalPlans, summary.silhouette) = await clustering
        return summary
    }

    /// The campaigns whose planner's summary was computed before `staleBefore`, or never.
    static func campaignsWithStaleSummaries(staleBefore: Date, on db: some SQLExecutor) async throws -> [Campaign.ID] {
        try await db.query(
            """
            SELECT p.campaign_id FROM planners p LEFT JOIN planner_summaries s ON s.planner_id = p.id
            WHERE s.computed_at IS NULL OR s.computed_at < \(staleBefore)
            """
        ).map { try $0.decode(Campaign.ID.self) }
    }

    /// Whether the planner's summary is stale (computed before `staleBefore`) and the
    /// submitted plans changed since: their number differs, or one was written after it or
    /// shortly before (a plan whose transaction began before the summary's read and
    /// committed after it is counted at the next renewal, not lost). A planner without plans
    /// needs no stored summary.
    static func isOutdated(_ planner: Planner.ID, staleBefore: Date, on db: some SQLExecutor) async throws -> Bool {
        try await db.query(
            """
            SELECT CASE WHEN s.computed_at IS NULL THEN p.plans > 0
                        ELSE s.computed_at < \(staleBefore)
                             AND (p.plans <> s.plans OR p.latest > s.computed_at - interval '10 seconds') END
            FROM (SELECT count(*)::int AS plans, max(updated_at) AS latest FROM plans WHERE planner_id = \(planner) AND status = 'submitted') p
            LEFT JOIN planner_summaries s ON s.planner_id = \(planner)
            """
        )[0].decode(Bool.self)
    }

    /// Marks a stored summary as right at `now` (its plans did not change since).
    static func confirm(_ planner: Planner.ID, at now: Date, on db: some SQLExecutor) async throws {
        try await db.query("UPDATE planner_summaries SET computed_at = \(now) WHERE planner_id = \(planner) AND computed_at < \(now)")
    }

    /// Stores a summary; a newer one computed concurrently wins.
    public static func store(_ summary: PlannerSummary, planner: Planner.ID, computedAt: Date, on db: some SQLExecutor) async throws {
        let body = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
        try await db.query(
            """
            INSERT INTO planner_summaries (planner_id, computed_at, plans, body) VALUES (\(planner), \(computedAt), \(summary.plans), \(body)::jsonb)
            ON CONFLICT (planner_id) DO UPDATE SET computed_at = EXCLUDED.computed_at, plans = EXCLUDED.plans, body = EXCLUDED.body
            WHERE planner_summaries.computed_at <= EXCLUDED.computed_at
            """)
    }
}
