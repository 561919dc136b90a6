import Foundation
import MitredenDomain
import PostgresNIO

/// Published proposals of an area by lower-case id: their title and cost as readers see them.
public struct AreaProjects: Sendable {
    public var byID: [String: (title: String, costCents: Int64)]

    /// The run's funded projects in funding order; content removed or hidden since the run was
    /// computed is not shown as funded.
    public func selectedInOrder(_ run: ResultRunRecord) -> [(title: String, costCents: Int64)] {
        run.selected.compactMap { byID[$0.proposalId.uuidString.lowercased()] }
    }

    static func read(area: BudgetArea.ID, on db: some SQLExecutor) async throws -> AreaProjects {
        let rows = try await db.query(
            "SELECT id, title, coalesce(cost_cents, 0) FROM proposals WHERE area_id = \(area) AND moderation_status = 'published'")
        var byID: [String: (title: String, costCents: Int64)] = [:]
        for row in rows {
            let (id, title, cost) = try row.decode((UUID, String, Int64).self)
            byID[id.uuidString.lowercased()] = (title, cost)
        }
        return AreaProjects(byID: byID)
    }
}

/// The run readers are shown in one area, with every project's votes (``ProjectVotes``).
public struct AreaRunShown: Sendable {
    public var run: ResultRunRecord
    public var areaName: String
    public var budgetCents: Int64
    /// Cumulative or scoring ballots: points differ from approvals.
    public var pointBallots: Bool
    public var projects: AreaProjects
    public var table: [ProjectVotes]
}

/// Per area the shown run — the official one, else the newest (of `method` when given) —
/// and its votes per project, from the tallies stored with the run: no ballot is loaded.
public enum AreaRunsShown {
    public static func read(campaign: Campaign.ID, method: String? = nil, on db: some SQLExecutor) async throws -> [AreaRunShown] {
        let runs: [ResultRunRecord] =
            if let method {
                try await ResultRuns.shown(campaign: campaign, method: method, on: db)
            } else {
                try await db.query(
                    """
                    SELECT * FROM (
                        SELECT DISTINCT ON (r.area_id) \(unescaped: ResultRuns.columns), a.position AS area_position
                        FROM result_runs r JOIN budget_areas a ON a.id = r.area_id
                        WHERE r.campaign_id = \(campaign)
                        ORDER BY r.area_id, r.official DESC, r.computed_at DESC, r.id
                    ) shown ORDER BY area_position, area_slug
                    """
                ).map(ResultRuns.decode)
            }
        var shown: [AreaRunShown] = []
        for run in runs { shown.append(try await Self.shown(run, on: db)) }
        return shown
    }

    public static func shown(_ run: ResultRunRecord, on db: some SQLExecutor) async throws -> AreaRunShown {
        let (name, budget) = try await db.query("SELECT name, budget_cents FROM budget_areas WHERE id = \(run.areaID)")[0].decode(
            (String, Int64).self)
        let projects = try await AreaProjects.read(area: run.areaID, on: db)
        let pointBallots =
            run.parameters.contains("\"voteType\": \"cumulative\"") || run.parameters.contains("\"voteType\": \"scoring\"")
            || run.parameters.contains("\"voteType\":\"cumulative\"") || run.parameters.contains("\"voteType\":\"scoring\"")
        // Runs stored before 0024 have no tallies: their explanation still says how many chose each project.
        let tallies =
            run.tallies
            ?? (run.explanation?.projects ?? []).compactMap { project in
                project.proposalId.map { ProjectTally(proposalId: $0.lowercased(), approvals: project.supporters, points: "\(project.supporters)") }
            }
        let table = ProjectVotes.table(
            tallies: tallies, explanation: run.explanation, selected: Set(run.selected.map { $0.proposalId.uuidString.lowercased() }),
            budgetCents: budget, pointBallots: pointBallots, project: { projects.byID[$0] })
        return AreaRunShown(run: run, areaName: name, budgetCents: budget, pointBallots: pointBallots, projects: projects, table: table)
    }
}
