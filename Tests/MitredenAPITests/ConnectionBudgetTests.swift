import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// A unit of work holds one connection: nothing inside a transaction may wait on the pool
/// for a second one, or a burst of requests holding every connection waits forever for a
/// connection none of them will give back. With a pool of two, 64 requests of each kind
/// that once leased a second connection, eight at a time, must all finish. The requests go over
/// AsyncHTTPClient (`.ahc`), which sends them on several connections at once: the `.live`
/// client has one connection and so sends one request after another. On the code before
/// the service layer took executors, the HTTP burst wedged within seconds (every request
/// failed) and the account burst timed out with both connections idle in transaction.
@Suite struct ConnectionBudgetTests {
    static let burst = 64

    @Test func aPoolOfTwoServesBurstsOfModerationMembershipAndAccountChanges() async throws {
        try await withTestDatabase { url, database in
            try await RuntimeRole.requireGrants(on: database)
            let clock = ManualClock()
            let members = try await withTestApp(
                on: url, setup: .ahc(.http),
                configure: {
                    $0.databasePoolSize = 2
                    // Every registration comes from 127.0.0.1; the per-address limit is not under test.
                    $0.accounts.registrationsPerAddress = 1_000
                    $0.clock = clock.clock
                }
            ) { client in
                // Set-up through the services on the test's own pool.
                let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
                try await fixtures.campaign("dialog", commentModeration: .pre)
                let author = try await fixtures.accounts.account("Autorin")
                let proposal = try await fixtures.proposal("Mehr Bäume", in: "dialog", by: author)
                for index in 0..<Self.burst {
                    _ = try await fixtures.comment("Kommentar \(index)", on: proposal.id, by: author)
                }
                var created: [Account.ID] = []
                for index in 0..<Self.burst { created.append(try await fixtures.accounts.account("Mitglied\(index)")) }
                let members = created
                try await fixtures.accounts.account("Adele", role: .admin)
                let admin = try await fixtures.accounts.login("Adele")
                let items = try await client.send(.get, "/v1/moderation/items?limit=100", token: admin).items().compactMap { $0["id"] as? String }
                #expect(items.count == Self.burst)

                // Without a timeout of its own, a wedged pool would hang the test run. One burst
                // of 64 per kind: all 192 at once queued behind the test client's eight
                // connections past its 15 s deadline when the rest of the suite ran beside it.
                let statuses = try await withTimeout(.seconds(120)) {
                    var statuses = try await Self.concurrently(items) { item in
                        let path = "/v1/moderation/items/\(item)/decision"
                        return Int(try await client.send(.post, path, json: ["decision": "approve"], token: admin).status.code)
                    }
                    statuses += try await Self.concurrently(members) { member in
                        let body = ["accountId": member.uuidString.lowercased(), "role": "moderator"]
                        return Int(try await client.send(.post, "/v1/units/unit-a/members", json: body, token: admin).status.code)
                    }
                    statuses += try await Self.concurrently(Array(0..<Self.burst)) { index in
                        let body = ["email": "neu\(index)@example.org", "password": "ein langes Passwort \(index)", "displayName": "Neu\(index)"]
                        return Int(try await client.send(.post, "/v1/accounts", json: body).status.code)
                    }
                    return statuses
                }
                #expect(statuses.count == 3 * Self.burst)
                #expect(statuses.allSatisfy { (200..<300).contains($0) }, "\(Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count))")
                // The server still answers afterwards: no connection was left behind.
                #expect(try await client.send(.get, "/v1/campaigns").status == .ok)
                let published = try await database.query(
                    """
                    SELECT count(*)::int FROM comments WHERE moderation_status = 'published'
                    """)[0].decode(Int.self)
                #expect(published == Self.burst)
                return members
            }

            // Staff account changes run through the same services from the CLI: a pool of
            // two must carry 64 of them at once as well.
            try await TestDatabases.withClient(url, poolSize: 2) { small in
                var settings = AccountSettings()
                settings.bcryptCost = 4
                let service = AccountService(database: small, settings: settings, clock: clock.clock)
                try await withTimeout(.seconds(120)) {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for (index, member) in members.enumerated() {
                            group.addTask {
                                if index.isMultiple(of: 2) {
                                    try await service.resetPassword(member, to: "ein neues Passwort \(index)", by: .commandLine, reason: "test")
                                } else {
                                    try await service.setStatus(member, .suspended, by: .commandLine, reason: "test")
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                }
            }
            let suspended = try await database.query("SELECT count(*)::int FROM accounts WHERE status = 'suspended'")[0].decode(Int.self)
            #expect(suspended == Self.burst / 2)
        }
    }

    /// Runs `request` for the elements eight at a time (as many as AsyncHTTPClient opens to
    /// one host, so the server sees the same eight at once either way, four times its pool)
    /// and collects the statuses. Sending all of them at once only queued the rest inside the
    /// client, where its 15 s deadline per request ran out on a slow machine
    /// (`getConnectionFromPoolTimeout`) while the server was busy but not stuck.
    static func concurrently<Element: Sendable>(
        _ elements: [Element], _ request: @escaping @Sendable (Element) async throws -> Int
    ) async throws -> [Int] {
        let inFlight = 8
        return try await withThrowingTaskGroup(of: Int.self) { group in
            var statuses: [Int] = []
            for (index, element) in elements.enumerated() {
                if index >= inFlight, let status = try await group.next() { statuses.append(status) }
                group.addTask { try await request(element) }
            }
            for try await status in group { statuses.append(status) }
            return statuses
        }
    }
}
