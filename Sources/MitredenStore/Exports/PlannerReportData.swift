import Foundation
import MitredenDomain
import PostgresNIO

/// Reads the report's planner chapter from the export's snapshot: the summary, published
/// justifications (at most ten per item) and the published proposals that name an item,
/// each with its latest official response.
public enum PlannerReportData {
    public static func gather(campaign: CampaignRecord, in snapshot: ExportSnapshot) async throws -> PlannerReport? {
        guard let planner = try await Planners.find(campaign: campaign.id, on: snapshot.tx) else { return nil }
        let summary = try await PlannerSummaries.compute(planner, on: snapshot.tx)
        var justifications: [String: [String]] = [:]
        for entry in try await Plans.justifications(planner: planner.id, limit: 10, on: snapshot.tx) {
            justifications[entry.item, default: []].append(entry.text)
        }
        var proposals: [String: [PlannerReport.LinkedProposal]] = [:]
        let rows = try await snapshot.tx.query(
            """
            SELECT p.planner_item, p.title, p.planner_change_cents, latest.status, latest.body
            FROM proposals p
            LEFT JOIN LATERAL (SELECT o.status, o.body FROM official_responses o WHERE o.proposal_id = p.id ORDER BY o.id DESC LIMIT 1) latest
                   ON true
            WHERE p.campaign_id = \(campaign.id) AND p.moderation_status = 'published' AND p.planner_item IS NOT NULL
            ORDER BY p.planner_item, p.created_at, p.id
            """)
        for row in rows {
            let (item, title, change, status, body) = try row.decode((String, String, Int64, String?, String?).self)
            proposals[item, default: []].append(.init(title: title, changeCents: change, responseStatus: status, response: body))
        }
        return PlannerReport(planner: planner.definition, summary: summary, justifications: justifications, proposals: proposals)
    }
}
