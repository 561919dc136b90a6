import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import PostgresNIO
import TestSupport
import Testing

@Suite struct PersonalDataTests {
    @Test func exportContainsEveryPersonalDatum() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            let id = try await fixtures.account("Jonas")
            try await fixtures.member(id, of: "bezirk-mitte", as: .official)
            let token = try await fixtures.login("Jonas")
            let response = try await client.send(.get, "/v1/me/export", token: token)
            #expect(response.status == .ok)
            let body = try response.json()
            #expect(body["email"] as? String == "jonas@example.org")
            #expect(body["displayName"] as? String == "Jonas")
            #expect((body["sessions"] as? [Any])?.count == 1)
            #expect((body["memberships"] as? [[String: Any]])?.first?["unit"] as? String == "bezirk-mitte")
            let actions = (body["auditEvents"] as? [[String: Any]])?.compactMap { $0["action"] as? String }
            #expect(actions == ["account.create", "unit.add-member"])
            // Everything about the person, but not the secrets that protect the account.
            #expect((body["verifications"] as? [Any])?.isEmpty == true)
            #expect(!response.text.contains("$2"))
            #expect(!response.text.contains(token))
        }
    }

    @Test func erasureLeavesNeitherAddressNorNameInAnyTextColumn() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            // Registered through the API so that mails and verification tokens exist too.
            let registration: [String: any Sendable] = [
                "email": "klara.unique@example.org", "password": "a long and unusual passphrase", "displayName": "KlaraUnique", "district": "Nord",
            ]
            #expect(try await client.send(.post, "/v1/accounts", json: registration).status == .accepted)
            var again = registration
            again["displayName"] = "Another Name"
            // Queues the "someone tried to register with your address" mail.
            #expect(try await client.send(.post, "/v1/accounts", json: again).status == .accepted)
            let token = try await fixtures.login("klara.unique", password: "a long and unusual passphrase")
            let id = try #require(try await database.query("SELECT id FROM accounts").first?.decode(Account.ID.self))
            try await fixtures.member(id, of: "unit-k", as: .moderator)
            #expect(try await Self.occurrences(of: ["klara.unique@example.org", "KlaraUnique"], in: database) > 0)

            #expect(try await client.send(.delete, "/v1/me", json: ["password": "a long and unusual passphrase"], token: token).status == .noContent)

            #expect(try await Self.occurrences(of: ["klara.unique@example.org", "KlaraUnique"], in: database) == 0)
            #expect(try await client.send(.get, "/v1/me", token: token).status == .unauthorized)
            let status = try await database.query("SELECT status FROM accounts WHERE id = \(id)").first!.decode(String.self)
            #expect(status == "erased")
            // Vote tables hold nothing of the erased account (votes, if any, move to an anonymous id).
            for table in ["supports", "ratings", "ballots"] {
                let rows = try await database.query("SELECT count(*)::int FROM \(unescaped: table) WHERE account_id = \(id)")[0].decode(Int.self)
                #expect(rows == 0, "\(table)")
            }
            let login = try await client.send(
                .post, "/v1/sessions", json: ["email": "klara.unique@example.org", "password": "a long and unusual passphrase"])
            #expect(login.status == .unauthorized)
        }
    }

    @Test func anAdminsErasureLeavesNoNameInTheAuditLog() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            try await fixtures.account("AdminUnique", role: .admin)
            let token = try await fixtures.login("AdminUnique")
            #expect(
                try await client.send(.post, "/v1/units", json: ["slug": "stadtplanung", "name": "Stadtplanung"], token: token).status == .created)
            #expect(try await client.send(.delete, "/v1/me", json: ["password": AccountFixtures.password], token: token).status == .noContent)
            #expect(try await Self.occurrences(of: ["adminunique@example.org", "AdminUnique"], in: database) == 0)
            let actions = try await database.query("SELECT action FROM audit_events ORDER BY id").map { try $0.decode(String.self) }
            #expect(actions == ["account.create", "unit.create", "account.erase"])
        }
    }

    @Test func theAuditLogRefusesUpdateAndDelete() async throws {
        try await withTestApp { client, database in
            try await AccountFixtures(client: client, database: database).account("Lena", role: .admin)
            let events = try await database.query("SELECT count(*) FROM audit_events").first!.decode(Int.self)
            #expect(events == 1)
            await #expect(throws: (any Error).self) { try await database.query("UPDATE audit_events SET reason = 'x'") }
            await #expect(throws: (any Error).self) { try await database.query("DELETE FROM audit_events") }
            await #expect(throws: (any Error).self) { try await database.query("TRUNCATE audit_events") }
        }
    }

    /// Counts rows in every text-like column of every table of the public schema that
    /// contain one of `needles` (case-insensitive).
    static func occurrences(of needles: [String], in database: Database) async throws -> Int {
        let columns = try await database.query(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'character')
            """
        ).map { try $0.decode((String, String).self) }
        #expect(columns.count > 10)
        var total = 0
        for (table, column) in columns {
            for needle in needles {
                let pattern = "%\(needle.lowercased())%"
                let count = try await database.query(
                    "SELECT count(*) FROM \(unescaped: "\"\(table)\"") WHERE lower(\(unescaped: "\"\(column)\"")::text) LIKE \(pattern)"
                ).first!.decode(Int.self)
                total += count
            }
        }
        return total
    }
}
