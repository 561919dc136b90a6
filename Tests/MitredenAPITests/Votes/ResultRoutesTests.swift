import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

@Suite struct ResultRoutesTests {
    /// A knapsack campaign in `phase` with three proposals in `mitte` and three ballots cast.
    static func setUp(_ database: Database, clock: ManualClock, phase: PhaseKind) async throws -> (VoteFixtures, [Proposal.ID]) {
        let fixtures = VoteFixtures(database: database, clock: clock.clock)
        let campaign = try await fixtures.campaign("haushalt", phase: .voting) { $0.ratingsEnabled = true }
        var proposals: [Proposal.ID] = []
        for (index, cost) in [60_000, 50_000, 40_000].enumerated() {
            proposals.append(try await fixtures.proposal(in: campaign, area: "mitte", costCents: Int64(cost), reference: "P\(index + 1)"))
        }
        let voters = try await fixtures.participants(3)
        let ballots = BallotService(database: database, clock: clock.clock)
        for (voter, picks) in zip(voters, [[0], [0, 2], [1, 2]]) {
            _ = try await ballots.submit(
                campaign: "haushalt", area: "mitte", choices: picks.map { BallotChoice(proposalID: proposals[$0]) }, by: voter)
        }
        let steps = VoteFixtures.schedule.firstIndex(of: phase)! - VoteFixtures.schedule.firstIndex(of: .voting)!
        clock.advance(by: Double(steps) * 86_400)
        return (fixtures, proposals)
    }

    @Test func resultsArePublicInTheResultsPhaseAndReproducible() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let (_, proposals) = try await Self.setUp(database, clock: clock, phase: .results)
            let first = try await client.send(.get, "/v1/campaigns/haushalt/results?method=greedy_votes")
            #expect(first.status == .ok)
            let area = try #require((try first.json()["areas"] as? [[String: Any]])?.first)
            let selected = (area["selected"] as? [[String: Any]])?.compactMap { $0["reference"] as? String }
            // P1 and P3 have two votes each (P1 first by id), then P2 no longer fits.
            #expect(selected == ["P1", "P3"])
            #expect(area["totalCostCents"] as? Int == 100_000)
            #expect(area["ballots"] as? Int == 3)
            let again = try await client.send(.get, "/v1/campaigns/haushalt/results?method=greedy_votes")
            let areaAgain = try #require((try again.json()["areas"] as? [[String: Any]])?.first)
            #expect(areaAgain["inputDigest"] as? String == area["inputDigest"] as? String)
            #expect(areaAgain["runId"] as? String == area["runId"] as? String)
            #expect(try await database.query("SELECT count(*)::int FROM result_runs")[0].decode(Int.self) == 1)
            let mes = try await client.send(.get, "/v1/campaigns/haushalt/results?method=mes_cost")
            #expect(mes.status == .ok)
            #expect((try mes.json()["ranking"] as? [Any])?.count == proposals.count)
        }
    }

    @Test func resultsBeforeTheirPhaseAreRefusedButStaffSeeThemInEvaluation() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            _ = try await Self.setUp(database, clock: clock, phase: .evaluation)
            let refused = try await client.send(.get, "/v1/campaigns/haushalt/results?method=greedy_votes")
            #expect(refused.status == .conflict)
            #expect(try refused.problem().detail?.contains("evaluation phase") == true)
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            let official = try await accounts.account("Olga")
            try await accounts.member(official, of: "finanzen", as: .official)
            let staff = try await client.send(.get, "/v1/campaigns/haushalt/results?method=greedy_votes", token: try await accounts.login("Olga"))
            #expect(staff.status == .ok)
        }
    }

    @Test func anUnknownOrInapplicableMethodIsA422NamingIt() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            _ = try await Self.setUp(database, clock: clock, phase: .results)
            let unknown = try await client.send(.get, "/v1/campaigns/haushalt/results?method=dictator")
            #expect(unknown.status == .unprocessableContent)
            #expect(try unknown.problem().errors?.first?.field == "method")
            let points = try await client.send(.get, "/v1/campaigns/haushalt/results?method=greedy_points")
            #expect(points.status == .unprocessableContent)
            #expect(try points.problem().detail?.contains("greedy_points") == true)
        }
    }

    @Test func oneRunPerAreaIsOfficial() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { _, database in
            _ = try await Self.setUp(database, clock: clock, phase: .results)
            let service = ResultService(database: database, clock: clock.clock)
            let campaign = try await CampaignService(database: database, clock: clock.clock).require("haushalt")
            let greedy = try await service.compute(campaign, rule: .greedyVotes, official: true)
            let mes = try await service.compute(campaign, rule: .mesCost)
            try await service.markOfficial(mes.runs[0].id, by: .commandLine)
            let official = try await ResultRuns.official(campaign: campaign.id, on: database)
            #expect(official.map(\.id) == [mes.runs[0].id])
            #expect(greedy.runs[0].id != mes.runs[0].id)
            await #expect(throws: (any Error).self) {
                try await database.query("UPDATE result_runs SET official = true")
            }
        }
    }
}
