import Foundation
import HTTPTypes
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// Two instances of the application on one database, as behind the proxy: whatever one
/// learns, the other knows, because nothing of it lives in an instance's memory — a session
/// made on one works on the other, the login throttle counts the failures of both, an
/// `Idempotency-Key` used on one is replayed by the other, the write limits count across
/// both, and a vote on one is read on the other at once.
@Suite struct StatelessInstancesTests {
    static func key(_ value: String) -> HTTPFields { [HTTPField.Name("Idempotency-Key")!: value] }

    static func withTwoInstances(
        clock: ManualClock, configure: @escaping @Sendable (inout AppConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (any TestClientProtocol, any TestClientProtocol, Database) async throws -> Void
    ) async throws {
        try await withTestDatabase { url, database in
            try await RuntimeRole.requireGrants(on: database)
            let setUp: @Sendable (inout AppConfiguration) -> Void = {
                $0.clock = clock.clock
                configure(&$0)
            }
            try await withTestApp(on: url, configure: setUp) { first in
                try await withTestApp(on: url, configure: setUp) { second in
                    try await body(first, second, database)
                }
            }
        }
    }

    @Test func sessionsThrottlesKeysAndVotesAreSharedByTwoInstances() async throws {
        let clock = ManualClock()
        try await Self.withTwoInstances(
            clock: clock,
            configure: {
                $0.accounts.loginFailuresPerAccount = 4
            }
        ) { first, second, database in
            let onFirst = DiscussionFixtures(client: first, database: database, clock: clock)
            try await onFirst.campaign("domplatz")
            try await onFirst.accounts.account("Paula")
            // A session made on the first instance works on the second.
            let token = try await onFirst.accounts.login("Paula")
            #expect(try await second.send(.get, "/v1/me", token: token).status == .ok)

            // Two failures on each instance reach the limit of four.
            let wrong: [String: any Sendable] = ["email": "paula@example.org", "password": "a typo in it"]
            for client in [first, second, first, second] {
                #expect(try await client.send(.post, "/v1/sessions", json: wrong).status == .unauthorized)
            }
            let right: [String: any Sendable] = ["email": "paula@example.org", "password": AccountFixtures.password]
            #expect(try await first.send(.post, "/v1/sessions", json: right).status == .tooManyRequests)
            #expect(try await second.send(.post, "/v1/sessions", json: right).status == .tooManyRequests)

            // A write sent to the first and resent to the second has one effect, one answer.
            let proposal: [String: any Sendable] = ["title": "Mehr Bänke", "body": "Schatten und Bänke am Domplatz"]
            let path = "/v1/campaigns/domplatz/proposals"
            let made = try await first.send(.post, path, json: proposal, token: token, headers: Self.key("zug-1"))
            #expect(made.status == .created)
            let resent = try await second.send(.post, path, json: proposal, token: token, headers: Self.key("zug-1"))
            #expect(resent.status == .created)
            #expect(resent.body == made.body)
            #expect(resent.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try await database.query("SELECT count(*)::int FROM proposals")[0].decode(Int.self) == 1)
        }
    }

    @Test func aVoteOnOneInstanceIsReadOnTheOtherAndLimitsCountAcrossBoth() async throws {
        let clock = ManualClock()
        try await Self.withTwoInstances(clock: clock, configure: { $0.writeLimits = WriteLimits([.vote: [RateLimit(3, per: 60)]]) }) {
            first, second, database in
            let votes = VoteFixtures(database: database, clock: clock.clock)
            let campaign = try await votes.campaign("laerm", phase: .discussion, kind: .dialogue)
            var proposals: [Proposal.ID] = []
            for _ in 0..<4 { proposals.append(try await votes.proposal(in: campaign)) }
            let accounts = AccountFixtures(client: first, database: database, clock: clock.clock)
            try await accounts.account("Ada")
            let token = try await accounts.login("Ada")
            #expect(try await first.send(.put, "/v1/proposals/\(proposals[0])/support", token: token).status == .ok)
            let read = try await second.send(.get, "/v1/proposals/\(proposals[0])", token: token)
            #expect(try read.json()["supports"] as? Int == 1)
            #expect(try await second.send(.put, "/v1/proposals/\(proposals[1])/support", token: token).status == .ok)
            #expect(try await first.send(.put, "/v1/proposals/\(proposals[2])/support", token: token).status == .ok)
            // The fourth vote in the minute, on either instance, is over the limit of three.
            #expect(try await second.send(.put, "/v1/proposals/\(proposals[3])/support", token: token).status == .tooManyRequests)
        }
    }
}
