import Foundation
import MitredenDomain
import MitredenStore

/// The votes of the demo, cast through the same services as the API: supports and
/// pro/contra ratings on the Domplatz ideas, and knapsack ballots in the district budget
/// (each participant in their own district, within its budget).
struct DemoVotes {
    let database: Database
    let clock: AppClock
    let participants: [Account.ID]

    func seed() async throws -> (supports: Int, ratings: Int, ballots: Int) {
        let votes = VoteService(database: database, clock: clock)
        let ideas = try await proposals(of: "domplatz-dialog")
        var supports = 0, ratings = 0
        for (index, participant) in participants.enumerated() where index % 2 == 0 {
            // A popular few and a long tail: earlier ideas get more support.
            for step in 0..<3 {
                let idea = ideas[(index * (step + 1) / 7 + step * step) % ideas.count]
                if try await votes.support(idea.id, by: participant).supported { supports += 1 }
            }
            let rated = ideas[(index / 3) % ideas.count]
            _ = try await votes.rate(rated.id, value: index % 5 == 0 ? -1 : 1, by: participant)
            ratings += 1
        }
        let ballots = try await castBallots()
        return (supports, ratings, ballots)
    }

    private func proposals(of campaign: String) async throws -> [(id: Proposal.ID, area: String?, cost: Int64)] {
        try await database.query(
            """
            SELECT p.id, a.slug, coalesce(p.cost_cents, 0) FROM proposals p JOIN campaigns c ON c.id = p.campaign_id
            LEFT JOIN budget_areas a ON a.id = p.area_id
            WHERE c.slug = \(campaign) AND p.moderation_status = 'published' ORDER BY p.created_at, p.id
            """
        ).map { row in
            let (id, area, cost) = try row.decode((Proposal.ID, String?, Int64).self)
            return (id, area, cost)
        }
    }

    private func castBallots() async throws -> Int {
        let service = BallotService(database: database, clock: clock)
        let projects = try await proposals(of: "bezirksbudget-mitte")
        let budgets = try await database.query(
            """
            SELECT a.slug, a.budget_cents FROM budget_areas a JOIN campaigns c ON c.id = a.campaign_id WHERE c.slug = 'bezirksbudget-mitte'
            """
        ).map { try $0.decode((String, Int64).self) }
        let districts = try await database.query("SELECT id, district FROM accounts WHERE id = ANY(\(participants))")
            .map { try $0.decode((Account.ID, String?).self) }
        var cast = 0
        for (index, (participant, district)) in districts.enumerated() where index % 3 != 0 {
            guard let district, let budget = budgets.first(where: { $0.0 == district })?.1 else { continue }
            let offered = projects.filter { $0.area == district }
            // Each voter ranks the projects differently and takes what still fits. Districts
            // take every fourth account, so the voter's place within the district (index / 4)
            // turns the order, and a few favourites (the first two) lead, as in a real vote.
            let turn = index / 4
            let start = turn % 5 < 3 ? turn % 2 : turn % offered.count
            let order = offered.indices.map { offered[($0 + start) % offered.count] }
            var spent: Int64 = 0
            var choices: [BallotChoice] = []
            for project in order where spent + project.cost <= budget && (choices.count < 2 || turn % 3 == 0) {
                choices.append(BallotChoice(proposalID: project.id))
                spent += project.cost
            }
            guard !choices.isEmpty else { continue }
            _ = try await service.submit(campaign: "bezirksbudget-mitte", area: district, choices: choices, by: participant)
            cast += 1
        }
        return cast
    }
}
