import Foundation
import MitredenDomain
import PostgresNIO

/// `results.json`: the ranking (with pro and contra, so contested proposals show) and every
/// stored result run with its method, parameters, input digest, selected proposals, the
/// explanation per project and, for a run made by a staff exclusion, the run it supersedes
/// and why (superseded runs stay listed), and every project's votes in the run (`projects`:
/// approvals, points, cost, funded, and for the others the money or supporters they lacked).
/// Written element by element; keys sorted so equal data gives equal bytes.
public enum ResultsJSONExport {
    struct RankingEntry: Encodable {
        var rank: Int
        var id: String
        var title: String
        var supports: Int
        var pro: Int
        var contra: Int
        var score: Int
    }

    struct ProjectEntry: Encodable {
        var rank: Int
        var proposalId: String
        var title: String
        var costCents: Int64
        var approvals: Int
        var points: String
        var funded: Bool
        var shortfallCents: Int64?
        var shortfallSupporters: Int?

        init(_ p: ProjectVotes) {
            rank = p.rank; proposalId = p.proposalId; title = p.title; costCents = p.costCents; approvals = p.approvals; points = p.points
            funded = p.funded; shortfallCents = p.shortfall?.cents; shortfallSupporters = p.shortfall?.supporters
        }
    }

    public static func write(campaign: Campaign.ID, slug: String, in snapshot: ExportSnapshot, to file: ExportFileWriter) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try await file.write("{\"campaign\":\(String(decoding: try encoder.encode(slug), as: UTF8.self)),\"ranking\":[")
        var first = true
        for try await row in try await ProposalsCSVExport.ranking(campaign: campaign, in: snapshot) {
            let p = try ProposalsCSVExport.Row(row)
            let entry = RankingEntry(
                rank: p.rank, id: p.id.uuidString.lowercased(), title: p.title, supports: p.supports,
                pro: p.pro, contra: p.contra, score: p.score)
            try await file.write((first ? "" : ",") + String(decoding: try encoder.encode(entry), as: UTF8.self))
            first = false
        }
        try await file.write("],\"runs\":[")
        let runs = try await snapshot.tx.stream(
            """
            SELECT r.id, a.slug, r.method, r.parameters::text, r.input_digest, r.ballots, r.selected::text, r.total_cost_cents,
                   r.computed_at, r.official, r.supersedes, r.supersede_reason, r.excluded::text, r.explanation::text
            FROM result_runs r JOIN budget_areas a ON a.id = r.area_id
            WHERE r.campaign_id = \(campaign) ORDER BY a.position, a.slug, r.computed_at, r.id
            """)
        first = true
        var rows: [(UUID, String, String, String, String, Int, String, Int64, Date, Bool, UUID?, String?, String, String?)] = []
        for try await row in runs {
            rows.append(try row.decode((UUID, String, String, String, String, Int, String, Int64, Date, Bool, UUID?, String?, String, String?).self))
        }
        for (id, area, method, parameters, digest, ballots, selected, cost, computed, official, supersedes, reason, excluded, explanation) in rows {
            guard let record = try await ResultRuns.find(id: ResultRun.ID(id), on: snapshot.tx) else { continue }
            let projects = try await AreaRunsShown.shown(record, on: snapshot.tx).table.map(ProjectEntry.init)
            func string(_ text: String) throws -> String { String(decoding: try encoder.encode(text), as: UTF8.self) }
            // parameters and selected are jsonb, whose text form PostgreSQL writes canonically.
            let projectsJSON = String(decoding: try encoder.encode(projects), as: UTF8.self)
            let supersedesJSON = try supersedes.map { try string($0.uuidString.lowercased()) } ?? "null"
            let reasonJSON = try reason.map(string) ?? "null"
            var run = "{\"area\":\(try string(area)),\"ballots\":\(ballots),\"computedAt\":\(try string(ExportFormat.timestamp(computed))),"
            run += "\"id\":\(try string(id.uuidString.lowercased())),\"inputDigest\":\(try string(digest)),\"method\":\(try string(method)),"
            run += "\"excluded\":\(excluded),\"explanation\":\(explanation ?? "null"),"
            run += "\"official\":\(official),\"parameters\":\(parameters),"
            run += "\"projects\":\(projectsJSON),\"selected\":\(selected),"
            run += "\"supersedeReason\":\(reasonJSON),\"supersedes\":\(supersedesJSON),\"totalCostCents\":\(cost)}"
            try await file.write((first ? "" : ",") + run)
            file.countRow()
            first = false
        }
        // The planner's figures, when the campaign has one: the same summary as the API's.
        if let planner = try await Planners.find(campaign: campaign, on: snapshot.tx) {
            let summary = try await PlannerSummaries.compute(planner, on: snapshot.tx)
            try await file.write("],\"planner\":" + String(decoding: try encoder.encode(summary), as: UTF8.self) + "}\n")
        } else {
            try await file.write("]}\n")
        }
    }
}
