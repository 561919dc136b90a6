import Foundation
import MitredenDomain
import PostgresNIO

/// What a plan submission needs from the database before it can check the plan, read in
/// one round trip: the attempt counted against the participant's write limits, the
/// campaign's planner (its id and its version, which changes with every definition) and
/// the participant's draft. The draft is read outside the participant's lock: the write
/// that follows takes the lock and stores exactly the lines checked here, so a submission
/// that meets a concurrent draft save reads as if it came just before it.
struct PlanSubmissionRead {
    var attempts: [(span: Int, start: Date, count: Int)]
    var planner: (id: Planner.ID, version: String)?
    var draft: StoredPlan?

    static func read(
        campaign: Campaign.ID, account: Account.ID, now: Date, limitSpans: [Int], on db: some SQLExecutor
    ) async throws -> PlanSubmissionRead {
        var binds = PostgresBindings()
        binds.append(account)
        binds.append(now)
        binds.append(limitSpans)
        binds.append(campaign)
        let rows = try await db.query(PostgresQuery(unsafeSQL: Self.sql, binds: binds))
        let column = NamedColumns(rows[0])
        let (spans, starts, counts): ([Int], [Date], [Int]) = (
            try column("limit_spans"), try column("limit_starts"), try column("limit_counts")
        )
        var read = PlanSubmissionRead(attempts: spans.indices.map { (spans[$0], starts[$0], counts[$0]) })
        if let id: Planner.ID = try column("planner_id") {
            read.planner = (id, try column("planner_version"))
        }
        if let draft: Plan.ID = try column("draft_id") {
            let (items, amounts, texts, statuses): ([String], [Int64], [String], [String]) = (
                try column("items"), try column("amounts"), try column("texts"), try column("statuses")
            )
            read.draft = StoredPlan(
                id: draft, status: .draft, channel: try column.stored("channel"), balanceCents: try column("balance_cents"),
                lines: try Plans.lines(items: items, amounts: amounts, texts: texts, statuses: statuses, plan: draft),
                updatedAt: try column("updated_at"), submittedAt: nil)
        }
        return read
    }

    /// $1 account, $2 now, $3 the ballot limits' window lengths, $4 campaign.
    static let sql = """
        WITH attempts AS (\(WriteLimits.countingSQL(account: "$1", action: "'\(WriteAction.ballot.rawValue)'", now: "$2", spans: "$3")))
        SELECT pl.id AS planner_id, pl.xmin::text AS planner_version,
               ARRAY(SELECT span_seconds::bigint FROM attempts ORDER BY span_seconds) AS limit_spans,
               ARRAY(SELECT window_start FROM attempts ORDER BY span_seconds) AS limit_starts,
               ARRAY(SELECT count::bigint FROM attempts ORDER BY span_seconds) AS limit_counts,
               d.id AS draft_id, d.channel, d.balance_cents, d.updated_at,
               ARRAY(SELECT item_key FROM plan_lines WHERE plan_id = d.id ORDER BY item_key) AS items,
               ARRAY(SELECT amount_cents FROM plan_lines WHERE plan_id = d.id ORDER BY item_key) AS amounts,
               ARRAY(SELECT coalesce(justification, '') FROM plan_lines WHERE plan_id = d.id ORDER BY item_key) AS texts,
               ARRAY(SELECT coalesce(justification_status, '') FROM plan_lines WHERE plan_id = d.id ORDER BY item_key) AS statuses
        FROM (SELECT 1) AS one
        LEFT JOIN planners pl ON pl.campaign_id = $4
        LEFT JOIN plans d ON d.planner_id = pl.id AND d.account_id = $1 AND d.status = 'draft'
        """

    private init(attempts: [(span: Int, start: Date, count: Int)]) {
        self.attempts = attempts
    }
}
