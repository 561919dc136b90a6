import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// Routing a campaign's proposals to units, handing one over, asking another unit for a
/// statement, and each unit's inbox.
@Suite struct RoutingAndHandoverTests {
    @Test func onlyTheCurrentUnitsManagersOrAdminsHandOverAndTheOldUnitLosesTheProposal() async throws {
        let clock = ManualClock(ResponsibilityFixtures.moment("2027-01-04", hour: 9))
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = ResponsibilityFixtures(database: database, clock: clock)
            let logins = AccountFixtures(client: client, database: database, clock: clock.clock)
            _ = try await fixtures.account("OlgaA", .official, of: "unit-a")
            _ = try await fixtures.account("MaraA", .manager, of: "unit-a")
            _ = try await fixtures.account("OttoB", .official, of: "unit-b")
            _ = try await fixtures.account("MaxB", .manager, of: "unit-b")
            _ = try await fixtures.account("Ada", admin: true)
            try await fixtures.unit("unit-c")
            let paula = try await fixtures.account("Paula")
            try await fixtures.campaign("domplatz", promise: ResponsePromise(workingDays: 10))
            let proposal = try await fixtures.proposal("Mehr Bänke", in: "domplatz", by: paula)
            let path = "/v1/proposals/\(proposal.id)/handovers"
            let olgaA = try await logins.login("OlgaA")
            let ottoB = try await logins.login("OttoB")
            func inbox(_ unit: String, _ token: String) async throws -> [String] {
                let response = try await client.send(.get, "/v1/units/\(unit)/inbox", token: token)
                #expect(response.status == .ok, "\(response.text)")
                return try response.items().compactMap { $0["proposalId"] as? String }
            }
            #expect(try await inbox("unit-a", olgaA) == [proposal.id.description])
            let item = try #require(try await client.send(.get, "/v1/units/unit-a/inbox", token: olgaA).items().first)
            #expect(item["dueOn"] as? String == "2027-01-18" && item["overdue"] as? Bool == false)

            let move = ["unit": "unit-b", "reason": "Die Straße gehört zum Bezirk."]
            #expect(try await client.send(.post, path, json: move).status == .unauthorized)
            for name in ["Paula", "OlgaA", "MaxB", "OttoB"] {
                let refused = try await client.send(.post, path, json: move, token: try await logins.login(name))
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let missingReason = try await client.send(.post, path, json: ["unit": "unit-b", "reason": " "], token: try await logins.login("MaraA"))
            #expect(missingReason.status == .unprocessableContent)
            #expect(try missingReason.problem().errors?.map(\.field) == ["reason"])
            let unknownUnit = try await client.send(.post, path, json: ["unit": "nirgends", "reason": "x"], token: try await logins.login("MaraA"))
            #expect(try unknownUnit.problem().errors?.map(\.field) == ["unit"])

            let moved = try await client.send(.post, path, json: move, token: try await logins.login("MaraA"))
            #expect(moved.status == .created, "\(moved.text)")
            #expect(try await inbox("unit-a", olgaA).isEmpty, "the old unit's official loses it")
            #expect(try await inbox("unit-b", ottoB) == [proposal.id.description])
            #expect(try await client.send(.get, "/v1/units/unit-b/inbox", token: olgaA).status == .forbidden)
            // The old unit's manager may no longer move it; the new unit's manager and admins may.
            #expect(
                try await client.send(.post, path, json: ["unit": "unit-a", "reason": "zurück"], token: try await logins.login("MaraA")).status
                    == .forbidden)
            let back = try await client.send(.post, path, json: ["unit": "unit-c", "reason": "Denkmalschutz"], token: try await logins.login("Ada"))
            #expect(back.status == .created)

            // The public history names both units each time, and the reason; no person.
            let history = try await client.send(.get, path)
            #expect(history.status == .ok)
            let steps = try history.items().map { "\($0["fromUnit"] as? String ?? "")→\($0["toUnit"] as? String ?? "")" }
            #expect(steps == ["unit-a→unit-b", "unit-b→unit-c"])
            #expect(!history.text.contains("example.org") && !history.text.contains("MaraA"))
            let audited = try await database.query("SELECT count(*)::int FROM audit_events WHERE action = 'proposal.handover'")[0].decode(Int.self)
            #expect(audited == 2)
            // The official response now belongs to unit-c: unit-b's official is refused.
            let answer = try await client.send(
                .put, "/v1/proposals/\(proposal.id)/response", json: ["status": "accepted", "text": "Ja."], token: ottoB)
            #expect(answer.status == .forbidden)
        }
    }

    @Test func routingAssignsNewProposalsAndStatementsReachTheResponsibleUnit() async throws {
        let clock = ManualClock(ResponsibilityFixtures.moment("2027-01-04", hour: 9))
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = ResponsibilityFixtures(database: database, clock: clock)
            let logins = AccountFixtures(client: client, database: database, clock: clock.clock)
            _ = try await fixtures.account("MaraA", .manager, of: "unit-a")
            _ = try await fixtures.account("OttoB", .official, of: "unit-b")
            _ = try await fixtures.account("DoraC", .official, of: "unit-c")
            let paula = try await fixtures.account("Paula")
            try await fixtures.campaign("domplatz", promise: ResponsePromise(workingDays: 10))
            let mara = try await logins.login("MaraA")
            let wrong = try await client.send(
                .put, "/v1/campaigns/domplatz/routing", json: ["routes": [["category": "radwege", "unit": "unit-b"]]], token: mara)
            #expect(wrong.status == .unprocessableContent)
            #expect(try wrong.problem().errors?.map(\.field) == ["routes[0].category"])
            let extra = try await client.send(
                .put, "/v1/campaigns/domplatz/routing", json: ["routes": [["category": "verkehr", "unit": "unit-b", "extra": "x"]]], token: mara)
            #expect(extra.status == .badRequest || extra.status == .unprocessableContent)
            #expect(
                try await client.send(
                    .put, "/v1/campaigns/domplatz/routing", json: ["routes": [["category": "verkehr", "unit": "unit-b"]]],
                    token: try await logins.login("OttoB")
                ).status == .forbidden)
            let set = try await client.send(
                .put, "/v1/campaigns/domplatz/routing", json: ["routes": [["category": "verkehr", "unit": "unit-b"]]], token: mara)
            #expect(set.status == .ok, "\(set.text)")
            #expect(
                try await client.send(.get, "/v1/campaigns/domplatz/routing").json()["routes"] as? [[String: String]] == [
                    ["category": "verkehr", "unit": "unit-b"]
                ])

            let traffic = try await fixtures.proposal("Radweg", in: "domplatz", by: paula, category: "verkehr")
            let green = try await fixtures.proposal("Bäume", in: "domplatz", by: paula, category: "gruen")
            #expect(try await Proposals.find(traffic.id, on: database)?.responsibleUnit == "unit-b")
            #expect(try await Proposals.find(green.id, on: database)?.responsibleUnit == "unit-a")

            // unit-b asks unit-c; unit-c answers; unit-b reads it before answering.
            let otto = try await logins.login("OttoB")
            let dora = try await logins.login("DoraC")
            let asked = try await client.send(
                .post, "/v1/proposals/\(traffic.id)/statements", json: ["unit": "unit-c", "question": "Geht das mit dem Denkmalschutz?"],
                token: otto)
            #expect(asked.status == .created, "\(asked.text)")
            let requestID = try #require(try asked.json()["id"] as? String)
            #expect(try await client.send(.get, "/v1/units/unit-b/inbox", token: otto).items().first?["openStatements"] as? Int == 1)
            #expect(
                try await client.send(.put, "/v1/statements/\(requestID)", json: ["statement": "Nein."], token: otto).status == .forbidden)
            #expect(
                try await client.send(.get, "/v1/proposals/\(traffic.id)/statements", token: try await logins.login("Paula")).status == .forbidden)
            let given = try await client.send(.put, "/v1/statements/\(requestID)", json: ["statement": "Unbedenklich."], token: dora)
            #expect(given.status == .ok, "\(given.text)")
            #expect(try await client.send(.put, "/v1/statements/\(requestID)", json: ["statement": "Doch nicht."], token: dora).status == .conflict)
            let seen = try await client.send(.get, "/v1/proposals/\(traffic.id)/statements", token: otto)
            #expect(try seen.items().first?["statement"] as? String == "Unbedenklich.")
            #expect(try await client.send(.get, "/v1/units/unit-b/inbox", token: otto).items().first?["openStatements"] as? Int == 0)
            #expect(try await client.send(.get, "/v1/units/nirgends/inbox", token: otto).status == .notFound)
        }
    }
}
