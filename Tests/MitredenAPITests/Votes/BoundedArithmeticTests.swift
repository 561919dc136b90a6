import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// Numbers from a request can't end the process: a sum that would overflow `Int64` used to
/// trap and take the server down for every citizen. Each case is a 422 naming the field, and
/// the server keeps answering.
@Suite struct BoundedArithmeticTests {
    @Test func aCumulativeBallotWithHugePointsIsRefusedAndTheServerKeepsAnswering() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await BallotRoutesTests.setUp(
                client, database, clock: clock, rules: BallotRules(method: .cumulative, points: 10)
            )
            let body: [String: any Sendable] = [
                "choices": [
                    ["proposalId": setup.proposals[0].description, "points": Int.max] as [String: any Sendable],
                    ["proposalId": setup.proposals[1].description, "points": Int.max] as [String: any Sendable],
                ]
            ]
            let refused = try await client.send(.put, "/v1/campaigns/haushalt/ballots/mitte", json: body, token: setup.token)
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.problem().errors?.contains { $0.field == "choices[0].points" } == true)
            #expect(try await client.send(.get, "/health/live").status == .ok)
            #expect(try await client.send(.get, "/v1/campaigns/haushalt").status == .ok)
        }
    }

    @Test func costsAndBudgetsAboveTheCeilingAreRefusedNamingTheField() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("haushalt", kind: .budget)
            let author = try await fixtures.accounts.account("Paula")
            let token = try await fixtures.accounts.login("Paula")
            let proposal: [String: any Sendable] = [
                "title": "Goldener Brunnen", "area": "nord", "costCents": Int64.max,
            ]
            let refused = try await client.send(.post, "/v1/campaigns/haushalt/proposals", json: proposal, token: token)
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.problem().errors?.map(\.field) == ["costCents"])
            _ = author
            // The database keeps the ceiling too, whatever writes the row.
            await #expect(throws: ServiceError.self) {
                try await database.query("UPDATE proposals SET cost_cents = 9223372036854775807")
                try await database.query("UPDATE budget_areas SET budget_cents = 9223372036854775807")
            }
        }
    }

    @Test func aStoredBallotOverHugeOldCostsIsReadWithoutATrap() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await BallotRoutesTests.setUp(client, database, clock: clock, rules: BallotRules(method: .approval))
            let path = "/v1/campaigns/haushalt/ballots/mitte"
            #expect(try await client.send(.put, path, json: BallotRoutesTests.choices(setup.proposals), token: setup.token).status == .ok)
            // Costs written before the ceiling existed are not re-checked (NOT VALID).
            try await database.query("ALTER TABLE proposals DROP CONSTRAINT proposals_cost_ceiling")
            try await database.query("UPDATE proposals SET cost_cents = 9223372036854775807")
            let read = try await client.send(.get, path, token: setup.token)
            #expect(read.status == .ok)
            #expect(try read.json()["totalCostCents"] as? Int == Int.max)
            #expect(try await client.send(.get, "/health/live").status == .ok)
        }
    }
}
