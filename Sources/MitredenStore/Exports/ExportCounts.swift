import Foundation
import MitredenDomain
import PostgresNIO

/// How many rows the exported files hold, counted by the same rules the files are written
/// by: the report states them, the CLI's progress line estimates time left from them.
public enum ExportCounts {
    public enum Kind: Sendable {
        case proposals, comments, ballots, resultRuns, plans
    }

    static func sql(_ kind: Kind) -> String {
        switch kind {
        case .proposals: "SELECT count(*)::int FROM proposals WHERE campaign_id = $1 AND moderation_status = 'published'"
        case .comments:
            """
            SELECT count(*)::int FROM comments cm JOIN proposals p ON p.id = cm.proposal_id
            WHERE p.campaign_id = $1 AND p.moderation_status = 'published' AND cm.moderation_status = 'published'
            """
        case .ballots: "SELECT count(*)::int FROM ballots WHERE campaign_id = $1"
        case .resultRuns: "SELECT count(*)::int FROM result_runs WHERE campaign_id = $1"
        case .plans:
            "SELECT count(*)::int FROM plans p JOIN planners pl ON pl.id = p.planner_id WHERE pl.campaign_id = $1 AND p.status = 'submitted'"
        }
    }

    public static func count(_ kind: Kind, campaign: Campaign.ID, on db: some SQLExecutor) async throws -> Int {
        var bindings = PostgresBindings()
        bindings.append(campaign)
        return try await db.query(PostgresQuery(unsafeSQL: sql(kind), binds: bindings))[0].decode(Int.self)
    }
}
