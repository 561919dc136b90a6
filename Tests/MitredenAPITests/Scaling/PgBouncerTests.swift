import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// The server behind a real PgBouncer in transaction mode (`MITREDEN_DATABASE_POOLER=
/// transaction`): two server connections shared by the app's ten, so consecutive
/// statements of one client connection land on different server connections. The hot
/// paths (session lookup, support, list pages, comment pages), all named prepared
/// statements without a pooler, answer correctly; the mail worker, which cannot LISTEN
/// there, still delivers by polling. Without the setting the server cannot even log in
/// (PgBouncer refuses the startup parameters), which `ConfigurationTests` documents.
@Suite struct PgBouncerTests {
    @Test func votesListsAndMailWorkThroughPgBouncerInTransactionMode() async throws {
        try await withTestDatabase { url, database in
            try await RuntimeRole.requireGrants(on: database)
            try await TestPgBouncer.with(forwardingTo: url, serverConnections: 2) { through in
                let clock = ManualClock()
                try await withTestApp(
                    on: url, setup: .ahc(.http),
                    configure: {
                        $0.clock = clock.clock
                        $0.databaseURL = through
                        $0.databasePooler = .transaction
                    }
                ) { client in
                    let votes = VoteFixtures(database: database, clock: clock.clock)
                    let campaign = try await votes.campaign("laerm", phase: .discussion, kind: .dialogue)
                    var proposals: [Proposal.ID] = []
                    for _ in 0..<3 { proposals.append(try await votes.proposal(in: campaign)) }
                    let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
                    var tokens: [String] = []
                    for index in 0..<6 {
                        try await accounts.account("Person\(index)")
                        tokens.append(try await accounts.login("Person\(index)"))
                    }
                    let (ids, sessions) = (proposals, tokens)
                    let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
                        for token in sessions {
                            group.addTask {
                                var seen: [Int] = []
                                for proposal in ids {
                                    seen.append(Int(try await client.send(.put, "/v1/proposals/\(proposal)/support", token: token).status.code))
                                    seen.append(Int(try await client.send(.get, "/v1/campaigns/laerm/proposals?sort=top").status.code))
                                    seen.append(Int(try await client.send(.get, "/v1/proposals/\(proposal)", token: token).status.code))
                                    seen.append(Int(try await client.send(.get, "/v1/proposals/\(proposal)/comments").status.code))
                                }
                                return seen
                            }
                        }
                        return try await group.reduce(into: []) { $0 += $1 }
                    }
                    #expect(statuses.count == 6 * 3 * 4)
                    #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses.filter { $0 != 200 })")
                    for proposal in proposals {
                        let (counters, truth) = try await votes.countersAndTruth(proposal)
                        #expect(counters[0] == 6 && truth[0] == 6)
                        let read = try await client.send(.get, "/v1/proposals/\(proposal)")
                        #expect(try read.json()["supports"] as? Int == 6)
                    }
                    // Registration queues a verification mail; the polling worker sends it.
                    let registered = try await client.send(
                        .post, "/v1/accounts",
                        json: [
                            "email": "mail@example.org", "password": "a long and unusual passphrase", "displayName": "Mailperson",
                            "district": "Altstadt",
                        ])
                    #expect(registered.status == .accepted)
                    let deadline = ContinuousClock.now + .seconds(20)
                    var sent = 0
                    while ContinuousClock.now < deadline {
                        sent = try await database.query("SELECT count(*)::int FROM outbox WHERE sent_at IS NOT NULL")[0].decode(Int.self)
                        if sent > 0 { break }
                        try await Task.sleep(for: .milliseconds(200))
                    }
                    #expect(sent > 0)
                    #expect(try await client.send(.get, "/health/ready").status == .ok)
                }
            }
        }
    }
}
