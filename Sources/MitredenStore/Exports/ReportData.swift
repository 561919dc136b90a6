import Foundation
import MitredenDomain
import PostgresNIO

/// Gathers the council report's figures from the export snapshot.
public enum ReportData {
    /// The report lists the top of the ranking; the full ranking is in proposals.csv.
    public static let rankingLimit = 100

    public static func gather(campaign: CampaignRecord, in snapshot: ExportSnapshot) async throws -> CampaignReport {
        let id = campaign.id
        let tx = snapshot.tx
        var report = CampaignReport(
            title: campaign.fields.title, summary: campaign.fields.summary, unit: campaign.unitSlug, kind: campaign.fields.kind.rawValue,
            phases: campaign.phases.map { .init(kind: $0.kind.rawValue, startsAt: $0.startsAt, endsAt: $0.endsAt) },
            snapshotAt: snapshot.takenAt
        )
        func int(_ query: PostgresQuery) async throws -> Int {
            try await tx.query(query)[0].decode(Int.self)
        }
        let contributors = """
            SELECT author_id AS account FROM proposals WHERE campaign_id = $1 AND moderation_status = 'published' AND author_id IS NOT NULL
            UNION SELECT cm.author_id FROM comments cm JOIN proposals p ON p.id = cm.proposal_id
              WHERE p.campaign_id = $1 AND cm.moderation_status = 'published' AND cm.author_id IS NOT NULL
            UNION SELECT account_id FROM supports WHERE campaign_id = $1
            UNION SELECT account_id FROM ratings WHERE campaign_id = $1
            UNION SELECT account_id FROM ballots WHERE campaign_id = $1 AND account_id IS NOT NULL
            """
        report.participants = try await int(query("SELECT count(*)::int FROM (\(contributors)) c", id))
        report.proposals = try await ExportCounts.count(.proposals, campaign: id, on: tx)
        report.comments = try await ExportCounts.count(.comments, campaign: id, on: tx)
        report.votes = try await int(
            query(
                """
                SELECT ((SELECT count(*) FROM supports WHERE campaign_id = $1) + (SELECT count(*) FROM ratings WHERE campaign_id = $1)
                       + (SELECT count(*) FROM ballots WHERE campaign_id = $1))::int
                """, id))
        report.activity = try await tx.query(
            query(
                """
                SELECT day, count(*)::int FROM (
                  SELECT (created_at AT TIME ZONE 'Europe/Berlin')::date AS day FROM proposals WHERE campaign_id = $1 AND moderation_status = 'published'
                  UNION ALL
                  SELECT (cm.created_at AT TIME ZONE 'Europe/Berlin')::date FROM comments cm JOIN proposals p ON p.id = cm.proposal_id
                  WHERE p.campaign_id = $1 AND p.moderation_status = 'published' AND cm.moderation_status = 'published'
                ) d GROUP BY day ORDER BY day
                """, id)
        ).map { row in
            let (day, count) = try row.decode((Date, Int).self)
            return (day: day, count: count)
        }
        let districts = try await tx.query(
            query(
                """
                SELECT coalesce(a.district, 'unknown'), count(*)::int FROM (\(contributors)) c JOIN accounts a ON a.id = c.account GROUP BY 1
                """, id)
        ).map { try $0.decode((String, Int).self) }
        report.districts = SmallGroupSuppression.apply(Dictionary(districts, uniquingKeysWith: +))
        report.ranking = try await ranking(campaign: id, in: snapshot)
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

    static func query(_ sql: String, _ campaign: Campaign.ID) -> PostgresQuery {
        var bindings = PostgresBindings()
        bindings.append(campaign)
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    static func ranking(campaign: Campaign.ID, in snapshot: ExportSnapshot) async throws -> [CampaignReport.RankedProposal] {
        var ranking: [CampaignReport.RankedProposal] = []
        for try await row in try await ProposalsCSVExport.ranking(campaign: campaign, limit: rankingLimit, in: snapshot) {
            let p = try ProposalsCSVExport.Row(row)
            ranking.append(
                .init(
                    rank: p.rank, title: p.title, supports: p.supports, pro: p.pro, contra: p.contra, score: p.score,
                    responseStatus: p.responseStatus))
        }
        return ranking
    }

    /// Per area the official run, or else the latest one.
    static func outcomes(campaign: CampaignRecord, on tx: Transaction) async throws -> [CampaignReport.AreaOutcome] {
        let rows = try await tx.query(
            query(
                """
                SELECT DISTINCT ON (a.position, a.slug) a.name, a.budget_cents, r.method, r.ballots, r.input_digest, r.selected::text,
                       r.explanation::text, r.supersede_reason
                FROM result_runs r JOIN budget_areas a ON a.id = r.area_id WHERE r.campaign_id = $1
                ORDER BY a.position, a.slug, r.official DESC, r.computed_at DESC, r.id
                """, campaign.id))
        var outcomes: [CampaignReport.AreaOutcome] = []
        for row in rows {
            let (area, budget, method, ballots, digest, selected, explanation, supersedeReason) = try row.decode(
                (String, Int64, String, Int, String, String, String?, String?).self)
            let funded = try await tx.query(
                """
                SELECT p.title, p.cost_cents FROM jsonb_array_elements(\(selected)::jsonb) WITH ORDINALITY s(item, n)
                JOIN proposals p ON p.id = (s.item->>'proposalId')::uuid
                -- Content removed or hidden since the run was computed is not shown as funded.
                WHERE p.moderation_status = 'published'
                ORDER BY s.n
                """
            ).map { row in
                let (title, cost) = try row.decode((String, Int64?).self)
                return CampaignReport.FundedProposal(title: title, costCents: cost ?? 0)
            }
            var outcome = CampaignReport.AreaOutcome(
                area: area, budgetCents: budget, method: method, ballots: ballots, inputDigest: digest, funded: funded)
            outcome.explanation = try explanation.map { try JSONDecoder().decode(ResultExplanation.self, from: Data($0.utf8)) }
            outcome.supersedeReason = supersedeReason
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
