import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenStore
import TestSupport
import Testing

@Suite struct AuditRoutesTests {
    @Test func adminsPageThroughTheChainNewestFirstWithoutEmailAddresses() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            try await fixtures.account("Adele", role: .admin)
            for index in 1...4 { try await fixtures.member(try await fixtures.account("Staff\(index)"), of: "unit-\(index)", as: .moderator) }
            let token = try await fixtures.login("Adele")

            let first = try await client.send(.get, "/v1/audit?limit=3", token: token)
            #expect(first.status == .ok)
            let page = try first.json()
            let items = try #require(page["items"] as? [[String: Any]])
            let seqs = items.compactMap { $0["seq"] as? Int }
            #expect(seqs.count == 3 && seqs == seqs.sorted(by: >))
            let cursor = try #require(page["nextCursor"] as? String)
            let second = try await client.send(.get, "/v1/audit?limit=100&cursor=\(cursor)", token: token).json()
            let rest = (second["items"] as? [[String: Any]] ?? []).compactMap { $0["seq"] as? Int }
            #expect(Set(seqs + rest) == Set(1...(seqs.count + rest.count)))
            #expect(second["nextCursor"] == nil || second["nextCursor"] is NSNull)
            #expect(
                items[0]["previousHash"] as? String
                    == (try await client.send(.get, "/v1/audit?limit=2", token: token).json()["items"] as? [[String: Any]])?[1]["hash"] as? String)
            #expect(!first.text.contains("@example.org"))

            let filtered = try await client.send(.get, "/v1/audit?targetType=unit&targetId=unit-2", token: token).json()
            #expect((filtered["items"] as? [[String: Any]])?.map { $0["action"] as? String } == ["unit.create"])

            let bad = try await client.send(.get, "/v1/audit?targetId=unit-2", token: token)
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.problem().errors?.first?.field == "targetId")
            #expect(try await client.send(.get, "/v1/audit?cursor=abc", token: token).status == .unprocessableContent)
        }
    }
}
