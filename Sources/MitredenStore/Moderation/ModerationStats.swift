import Foundation
import MitredenDomain
import PostgresNIO

/// How fast a campaign's moderators answer (the Hamburg guideline asks for short
/// reaction times): what waits now, and how long decisions took over a window.
public struct ModerationStatsRecord: Sendable, Equatable {
    public struct Count: Sendable, Equatable {
        public var decision: String
        public var reason: String?
        public var count: Int
    }
    public var pending: Int
    public var oldestPendingSeconds: Double?
    public var medianSeconds: Double?
    public var p90Seconds: Double?
    public var decided: Int
    public var decisions: [Count]
    /// Justifications of submitted budget plans that wait for a moderator (the planner's own
    /// queue, `…/planner/justifications/pending`), and how long the oldest has waited.
    public var pendingJustifications: Int = 0
    public var oldestPendingJustificationSeconds: Double?
}

public enum ModerationStats {
    /// Time to decision counts from queueing to the first decision, so a later reversal
    /// does not make a fast answer look slow.
    public static func stats(campaign: Campaign.ID, since: Date, now: Date, on db: some SQLExecutor) async throws -> ModerationStatsRecord {
        try await db.transaction { db in
            let (pending, oldest) = try await db.query(
                """
                SELECT count(*)::int, extract(epoch FROM \(now) - min(enqueued_at))::float8
                FROM moderation_items WHERE campaign_id = \(campaign) AND decided_at IS NULL
                """)[0].decode((Int, Double?).self)
            let (decided, median, p90) = try await db.query(
                """
                SELECT count(*)::int,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_decided_at - enqueued_at))::float8,
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM first_decided_at - enqueued_at))::float8
                FROM moderation_items WHERE campaign_id = \(campaign) AND first_decided_at >= \(since)
                """)[0].decode((Int, Double?, Double?).self)
            let counts = try await db.query(
                """
                SELECT d.decision, d.reason_code, count(*)::int FROM moderation_decisions d
                JOIN moderation_items m ON m.id = d.item_id
                WHERE m.campaign_id = \(campaign) AND d.decided_at >= \(since)
                GROUP BY d.decision, d.reason_code ORDER BY count(*) DESC, d.decision, d.reason_code
                """
            ).map { row in
                let (decision, reason, count) = try row.decode((String, String?, Int).self)
                return ModerationStatsRecord.Count(decision: decision, reason: reason, count: count)
            }
            let (justifications, oldestJustification) = try await db.query(
                """
                SELECT count(*)::int, extract(epoch FROM \(now) - min(p.submitted_at))::float8
                FROM plan_lines l JOIN plans p ON p.id = l.plan_id JOIN planners pl ON pl.id = p.planner_id
                WHERE pl.campaign_id = \(campaign) AND p.status = 'submitted' AND l.justification_status = 'pending'
                """)[0].decode((Int, Double?).self)
            return ModerationStatsRecord(
                pending: pending, oldestPendingSeconds: oldest, medianSeconds: median, p90Seconds: p90,
                decided: decided, decisions: counts, pendingJustifications: justifications,
                oldestPendingJustificationSeconds: oldestJustification)
        }
    }
}
