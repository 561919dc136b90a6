import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

@Suite struct BallotRoutesTests {
    struct Setup {
        var fixtures: VoteFixtures
        var campaign: CampaignRecord
        /// Costs 40 000, 50 000 and 70 000 cents in area `mitte` (budget 100 000).
        var proposals: [Proposal.ID]
        var token: String
    }

    static func setUp(
        _ client: any TestClientProtocol, _ database: Database, clock: ManualClock, phase: PhaseKind = .voting,
        rules: BallotRules = BallotRules(method: .knapsack)
    ) async throws -> Setup {
        let fixtures = VoteFixtures(database: database, clock: clock.clock)
        let campaign = try await fixtures.campaign("haushalt", phase: phase, areas: [("mitte", 100_000), ("nord", 50_000)]) {
            $0.ballot = rules
        }
        var proposals: [Proposal.ID] = []
        for (index, cost) in [40_000, 50_000, 70_000].enumerated() {
            proposals.append(try await fixtures.proposal(in: campaign, area: "mitte", costCents: Int64(cost), reference: "M\(index + 1)"))
        }
        let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
        try await accounts.account("Bea")
        return Setup(fixtures: fixtures, campaign: campaign, proposals: proposals, token: try await accounts.login("Bea"))
    }

    static func choices(_ ids: [Proposal.ID]) -> [String: any Sendable] {
        ["choices": ids.map { ["proposalId": $0.uuidString] as [String: any Sendable] }]
    }

    @Test func aBallotIsCastReadReplacedAndWithdrawn() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock)
            let path = "/v1/campaigns/haushalt/ballots/mitte"
            var response = try await client.send(.put, path, json: Self.choices([setup.proposals[0]]), token: setup.token)
            #expect(response.status == .ok)
            #expect(try response.json()["totalCostCents"] as? Int == 40_000)
            response = try await client.send(.put, path, json: Self.choices([setup.proposals[0], setup.proposals[1]]), token: setup.token)
            #expect(response.status == .ok)
            response = try await client.send(.get, path, token: setup.token)
            #expect(response.status == .ok)
            #expect((try response.json()["choices"] as? [Any])?.count == 2)
            #expect(try await database.query("SELECT count(*)::int FROM ballots")[0].decode(Int.self) == 1)
            #expect(try await client.send(.delete, path, token: setup.token).status == .noContent)
            #expect(try await client.send(.delete, path, token: setup.token).status == .noContent)
            #expect(try await client.send(.get, path, token: setup.token).status == .notFound)
        }
    }

    @Test func anOverBudgetKnapsackBallotIsRefusedNamingTheRule() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock)
            let response = try await client.send(
                .put, "/v1/campaigns/haushalt/ballots/mitte", json: Self.choices([setup.proposals[1], setup.proposals[2]]), token: setup.token
            )
            #expect(response.status == .unprocessableContent)
            let problem = try response.problem()
            #expect(problem.errors?.map(\.rule) == ["over-budget"])
            #expect(problem.errors?.first?.field == "choices")
            #expect(try await database.query("SELECT count(*)::int FROM ballots")[0].decode(Int.self) == 0)
        }
    }

    @Test func aRefusedBallotListsEveryBrokenRule() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock, rules: BallotRules(method: .approval, maxChoices: 2))
            let elsewhere = try await setup.fixtures.proposal(in: setup.campaign, area: "nord", costCents: 100)
            let ids = setup.proposals + [setup.proposals[0], elsewhere]
            let response = try await client.send(.put, "/v1/campaigns/haushalt/ballots/mitte", json: Self.choices(ids), token: setup.token)
            #expect(response.status == .unprocessableContent)
            let rules = Set(try response.problem().errors?.compactMap(\.rule) ?? [])
            #expect(rules == ["duplicate-choice", "not-on-ballot", "too-many-choices"])
        }
    }

    @Test func ballotsOutsideTheVotingPhaseAreRefusedNamingThePhase() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock, phase: .discussion)
            let early = try await client.send(
                .put, "/v1/campaigns/haushalt/ballots/mitte", json: Self.choices([setup.proposals[0]]), token: setup.token)
            #expect(early.status == .conflict)
            #expect(try early.problem().detail?.contains("discussion phase") == true)
            // A day later: sessions idle that long expire, so log in again each time.
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            clock.advance(by: 86_400)
            let open = try await client.send(
                .put, "/v1/campaigns/haushalt/ballots/mitte", json: Self.choices([setup.proposals[0]]),
                token: try await accounts.login("Bea"))
            #expect(open.status == .ok)
            clock.advance(by: 86_400)
            let late = try await client.send(.delete, "/v1/campaigns/haushalt/ballots/mitte", token: try await accounts.login("Bea"))
            #expect(late.status == .conflict)
            #expect(try late.problem().detail?.contains("evaluation phase") == true)
        }
    }

    @Test func oneAreaOnlyRefusesASecondArea() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock, rules: BallotRules(method: .approval, oneAreaOnly: true))
            let north = try await setup.fixtures.proposal(in: setup.campaign, area: "nord", costCents: 100)
            #expect(
                try await client.send(.put, "/v1/campaigns/haushalt/ballots/mitte", json: Self.choices([setup.proposals[0]]), token: setup.token)
                    .status == .ok)
            let second = try await client.send(.put, "/v1/campaigns/haushalt/ballots/nord", json: Self.choices([north]), token: setup.token)
            #expect(second.status == .conflict)
            #expect(try second.problem().detail?.contains("oneAreaOnly") == true)
        }
    }

    @Test func districtOnlyKeepsResidentsToTheirDistrictsArea() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock, rules: BallotRules(method: .approval, districtOnly: true))
            let north = try await setup.fixtures.proposal(in: setup.campaign, area: "nord", costCents: 100)
            try await database.query("UPDATE accounts SET district = 'Nord' WHERE display_name = 'Bea'")
            let elsewhere = try await client.send(
                .put, "/v1/campaigns/haushalt/ballots/mitte", json: Self.choices([setup.proposals[0]]), token: setup.token)
            #expect(elsewhere.status == .forbidden)
            #expect(try elsewhere.problem().detail?.contains("districtOnly") == true)
            #expect(try await client.send(.put, "/v1/campaigns/haushalt/ballots/nord", json: Self.choices([north]), token: setup.token).status == .ok)
            // Without a district on the account, every area is open.
            try await database.query("UPDATE accounts SET district = NULL WHERE display_name = 'Bea'")
            #expect(
                try await client.send(.put, "/v1/campaigns/haushalt/ballots/mitte", json: Self.choices([setup.proposals[0]]), token: setup.token)
                    .status == .ok)
        }
    }

    @Test func cumulativeBallotsRespectPointsAndTheCap() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(
                client, database, clock: clock,
                rules: BallotRules(method: .cumulative, points: 5, maxPointsPerProposal: 3))
            let body: [String: any Sendable] = [
                "choices": [
                    ["proposalId": setup.proposals[0].uuidString, "points": 4] as [String: any Sendable],
                    ["proposalId": setup.proposals[1].uuidString, "points": 3] as [String: any Sendable],
                ]
            ]
            let refused = try await client.send(.put, "/v1/campaigns/haushalt/ballots/mitte", json: body, token: setup.token)
            #expect(refused.status == .unprocessableContent)
            #expect(Set(try refused.problem().errors?.compactMap(\.rule) ?? []) == ["over-proposal-cap", "over-points"])
            let fine: [String: any Sendable] = [
                "choices": [
                    ["proposalId": setup.proposals[0].uuidString, "points": 3] as [String: any Sendable],
                    ["proposalId": setup.proposals[1].uuidString, "points": 2] as [String: any Sendable],
                ]
            ]
            let accepted = try await client.send(.put, "/v1/campaigns/haushalt/ballots/mitte", json: fine, token: setup.token)
            #expect(accepted.status == .ok)
            let points = (try accepted.json()["choices"] as? [[String: Any]])?.compactMap { $0["points"] as? Int }
            #expect(points == [3, 2])
        }
    }
}
