import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenStore
import TestSupport
import Testing

@Suite struct UnitsRoutesTests {
    @Test func anAdminCreatesAUnitAndGivesAnAccountARole() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            try await fixtures.account("Root", role: .admin)
            let staff = try await fixtures.account("Sabine")
            let admin = try await fixtures.login("Root")
            let created = try await client.send(.post, "/v1/units", json: ["slug": "gruenflaechenamt", "name": "Grünflächenamt"], token: admin)
            #expect(created.status == .created)
            #expect(try created.json()["slug"] as? String == "gruenflaechenamt")
            let added = try await client.send(
                .post, "/v1/units/gruenflaechenamt/members", json: ["accountId": staff.uuidString.lowercased(), "role": "moderator"], token: admin
            )
            #expect(added.status == .created)
            let me = try await client.send(.get, "/v1/me", token: try await fixtures.login("Sabine"))
            let memberships = try me.json()["memberships"] as? [[String: Any]]
            #expect(memberships?.first?["unit"] as? String == "gruenflaechenamt")
            #expect(memberships?.first?["role"] as? String == "moderator")
            let list = try await client.send(.get, "/v1/units")
            #expect((try list.json()["items"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Grünflächenamt"])
            let audit = try await database.query("SELECT action, actor_label FROM audit_events WHERE action LIKE 'unit.%' ORDER BY id")
                .map { try $0.decode((String, String).self) }
            #expect(audit.map(\.0) == ["unit.create", "unit.add-member"])
            #expect(audit.allSatisfy { $0.1 == "admin" })
        }
    }

    @Test func invalidUnitsAndMembersAreRefusedNamingTheField() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            try await fixtures.account("Root", role: .admin)
            let admin = try await fixtures.login("Root")
            let badSlug = try await client.send(.post, "/v1/units", json: ["slug": "Not A Slug", "name": "X"], token: admin)
            #expect(badSlug.status == .unprocessableContent)
            #expect(try badSlug.problem().errors?.map(\.field) == ["slug"])
            let badName = try await client.send(.post, "/v1/units", json: ["slug": "ok", "name": "  "], token: admin)
            #expect(try badName.problem().errors?.map(\.field) == ["name"])
            #expect(try await client.send(.post, "/v1/units", json: ["slug": "amt", "name": "Amt"], token: admin).status == .created)
            #expect(try await client.send(.post, "/v1/units", json: ["slug": "amt", "name": "Amt"], token: admin).status == .conflict)
            let unknownUnit = try await client.send(
                .post, "/v1/units/nope/members", json: ["accountId": UUID().uuidString, "role": "official"], token: admin
            )
            #expect(unknownUnit.status == .notFound)
            let unknownAccount = try await client.send(
                .post, "/v1/units/amt/members", json: ["accountId": UUID().uuidString, "role": "official"], token: admin
            )
            #expect(unknownAccount.status == .unprocessableContent)
            #expect(try unknownAccount.problem().errors?.map(\.field) == ["accountId"])
            let notUUID = try await client.send(.post, "/v1/units/amt/members", json: ["accountId": "42", "role": "official"], token: admin)
            #expect(notUUID.status == .unprocessableContent)
            #expect(try notUUID.problem().errors?.map(\.field) == ["accountId"])
            let badRole = try await client.send(.post, "/v1/units/amt/members", json: ["accountId": UUID().uuidString, "role": "king"], token: admin)
            #expect(badRole.status == .unprocessableContent)
            #expect(try badRole.problem().errors?.map(\.field) == ["role"])
        }
    }
}
