import Foundation
import MitredenDomain
import PostgresNIO

/// Gathers the council report's figures from the export snapshot: every number is read in
/// the one repeatable-read transaction, so the tables add up to the totals beside them.
public enum ReportData {
    /// The report lists the top of the ranking; the full ranking is in proposals.csv.
    public static let rankingLimit = 100
    /// Activity is drawn day by day (weeks beyond two months) over at most ten years.
    static let maximumDays = 3660

    /// Accounts that took part: a published proposal or comment, a support, a rating or a ballot.
    static let contributors = """
        SELECT author_id AS account FROM proposals WHERE campaign_id = $1 AND moderation_status = 'published' AND author_id IS NOT NULL
        UNION SELECT cm.author_id FROM comments cm JOIN proposals p ON p.id = cm.proposal_id
          WHERE p.campaign_id = $1 AND cm.moderation_status = 'published' AND cm.author_id IS NOT NULL
        UNION SELECT account_id FROM supports WHERE campaign_id = $1
        UNION SELECT account_id FROM ratings WHERE campaign_id = $1
        UNION SELECT account_id FROM ballots WHERE campaign_id = $1 AND account_id IS NOT NULL
        """

    public static func gather(campaign: CampaignRecord, in snapshot: ExportSnapshot) async throws -> CampaignReport {
        let id = campaign.id
        let tx = snapshot.tx
        let unitName =
            try await tx.query("SELECT name FROM organization_units WHERE slug = \(campaign.unitSlug)").first?.decode(String.self)
            ?? campaign.unitSlug
        var report = CampaignReport(
            title: campaign.fields.title, summary: campaign.fields.summary, unit: unitName, kind: campaign.fields.kind.rawValue,
            phases: campaign.phases.map { .init(kind: $0.kind.rawValue, startsAt: $0.startsAt, endsAt: $0.endsAt) },
            snapshotAt: snapshot.takenAt
        )
        func int(_ query: PostgresQuery) async throws -> Int {
            try await tx.query(query)[0].decode(Int.self)
        }
        let counts = try await tx.query(
            query(
                """
                SELECT (SELECT count(*) FROM supports WHERE campaign_id = $1)::int,
                       (SELECT count(*) FROM ratings WHERE campaign_id = $1 AND value = 1)::int,
                       (SELECT count(*) FROM ratings WHERE campaign_id = $1 AND value = -1)::int,
                       (SELECT count(*) FROM ballots WHERE campaign_id = $1)::int,
                       (SELECT count(*) FROM ballots WHERE campaign_id = $1 AND account_id IS NULL)::int,
                       (SELECT count(*) FROM (\(contributors)) c)::int,
                       (SELECT count(*) FROM moderation_items WHERE campaign_id = $1 AND decided_at IS NULL)::int,
                       (SELECT count(*) FROM proposals p WHERE p.campaign_id = $1 AND p.moderation_status = 'published'
                          AND NOT EXISTS (SELECT 1 FROM official_responses o WHERE o.proposal_id = p.id))::int
                """, id))[0].decode((Int, Int, Int, Int, Int, Int, Int, Int).self)
        report.voteCounts.supports = counts.0
        report.voteCounts.pro = counts.1
        report.voteCounts.contra = counts.2
        report.voteCounts.ballots = counts.3
        report.voteCounts.anonymousBallots = counts.4
        // Each imported anonymous ballot is one voter nobody can match to an account.
        report.participants = counts.5 + counts.4
        report.open.pendingModeration = counts.6
        report.open.unansweredProposals = counts.7
        report.open.votingOpen = campaign.phases.contains { $0.kind == .voting && $0.startsAt <= snapshot.takenAt && snapshot.takenAt < $0.endsAt }
        report.votes = report.voteCounts.total
        report.proposals = try await ExportCounts.count(.proposals, campaign: id, on: tx)
        report.comments = try await ExportCounts.count(.comments, campaign: id, on: tx)
        try await activity(into: &report, campaign: id, on: tx)
        try await districts(into: &report, campaign: id, on: tx)
        report.ranking = try await ranking(campaign: id, in: snapshot)
        report.rankingRule =
            campaign.fields.settings.ratingsEnabled ? campaign.fields.settings.rankingRule.rawValue : "supports"
        report.outcomes = try await outcomes(campaign: campaign, on: tx)
        report.decisionsByReason = try await tx.query(
            query(
                """
                SELECT d.decision || coalesce(':' || d.reason_code, ''), count(*)::int
                FROM moderation_decisions d JOIN moderation_items i ON i.id = d.item_id WHERE i.campaign_id = $1
                GROUP BY 1 ORDER BY 2 DESC, 1
                """, id)
        ).map { row in
            let (reason, count) = try row.decode((String, Int).self)
            return (reason: reason, count: count)
        }
        let times = try await tx.query(
            query(
                """
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_decided_at - enqueued_at))::float8,
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM first_decided_at - enqueued_at))::float8
                FROM moderation_items WHERE campaign_id = $1 AND first_decided_at IS NOT NULL
                """, id))[0].decode((Double?, Double?).self)
        (report.medianDecisionSeconds, report.p90DecisionSeconds) = times
        report.responsesByStatus = try await tx.query(
            query(
                """
                SELECT latest.status, count(*)::int FROM proposals p
                JOIN LATERAL (SELECT o.status FROM official_responses o WHERE o.proposal_id = p.id ORDER BY o.id DESC LIMIT 1) latest ON true
                WHERE p.campaign_id = $1 AND p.moderation_status = 'published' GROUP BY 1 ORDER BY 2 DESC, 1
                """, id)
        ).map { row in
            let (status, count) = try row.decode((String, Int).self)
            return (status: status, count: count)
        }
        return report
    }

    static func query(_ sql: String, _ campaign: Campaign.ID, _ more: [Date] = []) -> PostgresQuery {
        var bindings = PostgresBindings()
        bindings.append(campaign)
        for date in more { bindings.append(date) }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    /// Contributions and votes per day in Berlin time, every day from the first phase's start
    /// to the snapshot (or the last phase's end), empty days included. Each kind is grouped by
    /// day once and joined to the days: a count per day over all rows took more than six
    /// minutes on the benchmark's campaign of a million supports.
    static func activity(into report: inout CampaignReport, campaign: Campaign.ID, on tx: Transaction) async throws {
        guard let period = report.period, period.end > period.start else { return }
        let start = max(period.start, period.end - Double(maximumDays) * 86_400)
        let rows = try await tx.query(
            query(
                """
                WITH days AS (
                  SELECT generate_series(($2::timestamptz AT TIME ZONE 'Europe/Berlin')::date,
                                         ($3::timestamptz AT TIME ZONE 'Europe/Berlin')::date, interval '1 day')::date AS day
                ), contributions AS (
                  SELECT (created_at AT TIME ZONE 'Europe/Berlin')::date AS day FROM proposals WHERE campaign_id = $1 AND moderation_status = 'published'
                  UNION ALL
                  SELECT (cm.created_at AT TIME ZONE 'Europe/Berlin')::date FROM comments cm JOIN proposals p ON p.id = cm.proposal_id
                  WHERE p.campaign_id = $1 AND p.moderation_status = 'published' AND cm.moderation_status = 'published'
                ), votes AS (
                  SELECT (created_at AT TIME ZONE 'Europe/Berlin')::date AS day FROM supports WHERE campaign_id = $1
                  UNION ALL SELECT (created_at AT TIME ZONE 'Europe/Berlin')::date FROM ratings WHERE campaign_id = $1
                  UNION ALL SELECT (submitted_at AT TIME ZONE 'Europe/Berlin')::date FROM ballots WHERE campaign_id = $1
                )
                SELECT d.day::timestamp AT TIME ZONE 'Europe/Berlin', coalesce(c.count, 0)::int, coalesce(v.count, 0)::int
                FROM days d
                LEFT JOIN (SELECT day, count(*) FROM contributions GROUP BY day) c ON c.day = d.day
                LEFT JOIN (SELECT day, count(*) FROM votes GROUP BY day) v ON v.day = d.day
                ORDER BY d.day
                """, campaign, [start, period.end]))
        var activity: [(day: Date, count: Int)] = []
        var votes: [Int] = []
        for row in rows {
            let (day, contributions, voted) = try row.decode((Date, Int, Int).self)
            activity.append((day: day, count: contributions))
            votes.append(voted)
        }
        report.activity = activity
        report.votesPerDay = votes
    }

    /// Participants by district: accounts by their district ("unknown" when they gave none),
    /// imported anonymous ballots under "unknown"; small groups merged so nobody is singled
    /// out, the rows adding up to the participants. Names as the campaigns' areas name them.
    static func districts(into report: inout CampaignReport, campaign: Campaign.ID, on tx: Transaction) async throws {
        let rows = try await tx.query(
            query(
                """
                SELECT coalesce(nullif(a.district, ''), 'unknown'), count(*)::int FROM (\(contributors)) c JOIN accounts a ON a.id = c.account GROUP BY 1
                """, campaign)
        ).map { try $0.decode((String, Int).self) }
        var counts = Dictionary(rows, uniquingKeysWith: +)
        if report.voteCounts.anonymousBallots > 0 { counts["unknown", default: 0] += report.voteCounts.anonymousBallots }
        // Accounts the snapshot cannot join (none expected) would make the table not add up; count them as not stated.
        let missing = report.participants - counts.values.reduce(0, +)
        if missing > 0 { counts["unknown", default: 0] += missing }
        report.districts = SmallGroupSuppression.apply(counts)
        let slugs = Array(counts.keys)
        report.districtNames = try await tx.query(
            """
            SELECT DISTINCT ON (a.slug) a.slug, a.name FROM budget_areas a
            WHERE a.slug = ANY(\(slugs)) ORDER BY a.slug, (a.campaign_id = \(campaign)) DESC, a.name
            """
        ).reduce(into: [String: String]()) { names, row in
            let (slug, name) = try row.decode((String, String).self)
            names[slug] = name
        }
    }

    static func ranking(campaign: Campaign.ID, in snapshot: ExportSnapshot) async throws -> [CampaignReport.RankedProposal] {
        var ranking: [CampaignReport.RankedProposal] = []
        for try await row in try await ProposalsCSVExport.ranking(campaign: campaign, limit: rankingLimit, in: snapshot) {
            let p = try ProposalsCSVExport.Row(row)
            var entry = CampaignReport.RankedProposal(
                rank: p.rank, title: p.title, supports: p.supports, pro: p.pro, contra: p.contra, score: p.score,
                responseStatus: p.responseStatus)
            entry.responseText = p.responseText
            ranking.append(entry)
        }
        return ranking
    }

    /// Per area the official run, or else the latest one, with every project's votes.
    static func outcomes(campaign: CampaignRecord, on tx: Transaction) async throws -> [CampaignReport.AreaOutcome] {
        let runs = try await AreaRunsShown.read(campaign: campaign.id, on: tx)
        var outcomes: [CampaignReport.AreaOutcome] = []
        for shown in runs {
            let run = shown.run
            let funded = shown.projects.selectedInOrder(run).map { CampaignReport.FundedProposal(title: $0.title, costCents: $0.costCents) }
            var outcome = CampaignReport.AreaOutcome(
                area: shown.areaName, budgetCents: shown.budgetCents, method: run.method, ballots: run.ballots, inputDigest: run.inputDigest,
                funded: funded)
            outcome.explanation = run.explanation
            outcome.supersedeReason = run.supersedeReason
            outcome.official = run.official
            outcome.computedAt = run.computedAt
            outcome.pointBallots = shown.pointBallots
            outcome.projects = shown.table
            outcomes.append(outcome)
        }
        if outcomes.contains(where: { $0.explanation != nil }) {
            // Explanations name projects by the id the rule saw; the report names them by title
            // (published ones only, as the funded list does).
            let titles = try await tx.query(
                query(
                    """
                    SELECT coalesce(reference, id::text), title FROM proposals WHERE campaign_id = $1 AND moderation_status = 'published'
                    """, campaign.id)
            ).reduce(into: [String: String]()) { titles, row in
                let (id, title) = try row.decode((String, String).self)
                titles[id] = title
            }
            for index in outcomes.indices { outcomes[index].titles = titles }
        }
        return outcomes
    }
}
