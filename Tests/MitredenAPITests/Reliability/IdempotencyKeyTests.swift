import Foundation
import HTTPTypes
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// `Idempotency-Key`: a retried write gets the first answer and has no second effect.
@Suite struct IdempotencyKeyTests {
    static func key(_ value: String) -> HTTPFields { [HTTPField.Name("Idempotency-Key")!: value] }
    static let proposal: [String: any Sendable] = ["title": "Mehr Bänke", "body": "Schatten und Bänke am Domplatz"]

    static func count(_ table: String, in database: Database) async throws -> Int {
        try await database.query("SELECT count(*)::int FROM \(unescaped: table)")[0].decode(Int.self)
    }

    @Test func aRetriedRequestGetsTheFirstAnswerAndCreatesNothingNew() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz")
            try await fixtures.accounts.account("Paula")
            let token = try await fixtures.accounts.login("Paula")
            let path = "/v1/campaigns/domplatz/proposals"
            let first = try await client.send(.post, path, json: Self.proposal, token: token, headers: Self.key("zug-1"))
            #expect(first.status == .created, "\(first.text)")
            #expect(first.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            clock.advance(by: 60)
            let retry = try await client.send(.post, path, json: Self.proposal, token: token, headers: Self.key("zug-1"))
            #expect(retry.status == .created)
            #expect(retry.body == first.body)
            #expect(retry.headers[.contentType] == first.headers[.contentType])
            #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try await Self.count("proposals", in: database) == 1)
            // Without a key the same body is a new proposal, as before.
            #expect(try await client.send(.post, path, json: Self.proposal, token: token).status == .created)
            #expect(try await Self.count("proposals", in: database) == 2)
        }
    }

    @Test func theSameKeyForADifferentRequestIsRefusedNamingTheHeader() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz")
            let author = try await fixtures.accounts.account("Paula")
            let token = try await fixtures.accounts.login("Paula")
            let created = try await client.send(
                .post, "/v1/campaigns/domplatz/proposals", json: Self.proposal, token: token, headers: Self.key("k"))
            #expect(created.status == .created)
            var other = Self.proposal
            other["title"] = "Weniger Bänke"
            let changedBody = try await client.send(.post, "/v1/campaigns/domplatz/proposals", json: other, token: token, headers: Self.key("k"))
            #expect(changedBody.status == .unprocessableContent)
            #expect(try changedBody.problem().errors?.map(\.field) == ["Idempotency-Key"])
            // Another operation with the same key is a different request too.
            let proposal = try await fixtures.proposal("Brunnen", in: "domplatz", by: author)
            let flagged = try await client.send(
                .post, "/v1/proposals/\(proposal.id)/flags", json: ["reason": "spam"], token: token, headers: Self.key("k"))
            #expect(flagged.status == .unprocessableContent)
            #expect(try await Self.count("proposals", in: database) == 2)
            #expect(try await Self.count("flags", in: database) == 0)
        }
    }

    @Test func aRequestThatFailedIsNotRememberedAndItsKeyMayBeSentAgain() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz")
            try await fixtures.accounts.account("Paula")
            let token = try await fixtures.accounts.login("Paula")
            var untitled = Self.proposal
            untitled["title"] = ""
            let refused = try await client.send(
                .post, "/v1/campaigns/domplatz/proposals", json: untitled, token: token, headers: Self.key("k"))
            #expect(refused.status == .unprocessableContent)
            #expect(try await Self.count("idempotency_keys", in: database) == 0)
            let corrected = try await client.send(
                .post, "/v1/campaigns/domplatz/proposals", json: Self.proposal, token: token, headers: Self.key("k"))
            #expect(corrected.status == .created, "\(corrected.text)")
            #expect(try await Self.count("proposals", in: database) == 1)
        }
    }

    @Test func keysAreTheAccountsOwnAndWellFormed() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz")
            try await fixtures.accounts.account("Paula")
            try await fixtures.accounts.account("Otto")
            for name in ["Paula", "Otto"] {
                let token = try await fixtures.accounts.login(name)
                let created = try await client.send(
                    .post, "/v1/campaigns/domplatz/proposals", json: Self.proposal, token: token, headers: Self.key("same-key"))
                #expect(created.status == .created)
                #expect(try created.json()["author"] as? String == name)
            }
            #expect(try await Self.count("proposals", in: database) == 2)
            let token = try await fixtures.accounts.login("Paula")
            for bad in ["mit leerzeichen", String(repeating: "x", count: 256), "ümlaut"] {
                let refused = try await client.send(
                    .post, "/v1/campaigns/domplatz/proposals", json: Self.proposal, token: token, headers: Self.key(bad))
                #expect(refused.status == .unprocessableContent, "\(bad)")
                #expect(try refused.problem().errors?.first?.field == "Idempotency-Key")
            }
            #expect(try await Self.count("proposals", in: database) == 2)
        }
    }

    @Test func concurrentRequestsWithOneKeyMakeOneEffectAndShareItsAnswer() async throws {
        let clock = ManualClock()
        try await withTestApp(
            setup: .ahc(.http),
            configure: {
                $0.databasePoolSize = 4
                $0.clock = clock.clock
            }
        ) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz")
            let author = try await fixtures.accounts.account("Paula")
            let proposal = try await fixtures.proposal("Brunnen", in: "domplatz", by: author)
            let token = try await fixtures.accounts.login("Paula")
            let answers = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String).self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        let answer = try await client.send(
                            .post, "/v1/proposals/\(proposal.id)/comments", json: ["body": "Ein Brunnen für alle"], token: token,
                            headers: Self.key("doppelklick"))
                        return (answer.status, answer.text)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0.0 == .created }, "\(answers)")
            #expect(Set(answers.map(\.1)).count == 1)
            #expect(try await Self.count("comments", in: database) == 1)
        }
    }

    /// Inside a keyed request nothing leases a second connection: with a pool of two (one
    /// of them the mail worker's `LISTEN`), keyed comments under pre-moderation (a write
    /// limit counted, a comment written, an item queued, the answer stored) all finish.
    @Test func keyedRequestsHoldOneConnectionEach() async throws {
        let clock = ManualClock()
        try await withTestApp(
            setup: .ahc(.http),
            configure: {
                $0.databasePoolSize = 2
                $0.clock = clock.clock
                $0.writeLimits = .unlimited
            }
        ) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("hafen", commentModeration: .pre)
            let author = try await fixtures.accounts.account("Paula")
            let proposal = try await fixtures.proposal("Seilbahn zum Hafen", in: "hafen", by: author)
            let token = try await fixtures.accounts.login("Paula")
            let statuses = try await withTimeout(.seconds(60)) {
                try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for index in 0..<12 {
                        group.addTask {
                            try await client.send(
                                .post, "/v1/proposals/\(proposal.id)/comments", json: ["body": "Kommentar \(index)"], token: token,
                                headers: Self.key("kommentar-\(index)")
                            ).status
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            }
            #expect(statuses.allSatisfy { $0 == .created }, "\(statuses)")
            #expect(try await Self.count("comments", in: database) == 12)
            #expect(try await Self.count("moderation_items", in: database) == 12)
            #expect(try await Self.count("idempotency_keys", in: database) == 12)
        }
    }

    @Test func aRetriedModerationDecisionMailsAndAuditsOnce() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("hafen", proposalModeration: .pre)
            let author = try await fixtures.accounts.account("Paula")
            let moderator = try await fixtures.accounts.account("Moritz")
            try await fixtures.accounts.member(moderator, of: "unit-a", as: .moderator)
            _ = try await fixtures.proposal("Seilbahn zum Hafen", in: "hafen", by: author, body: "Seilbahn fahren")
            let token = try await fixtures.accounts.login("Moritz")
            let item = try #require(try await client.send(.get, "/v1/moderation/items", token: token).items().first?["id"] as? String)
            let (outbox, audit) = (try await Self.count("outbox", in: database), try await Self.count("audit_events", in: database))
            let decision: [String: any Sendable] = ["decision": "reject", "reasonCode": "spam"]
            var answers: [TestResponse] = []
            for _ in 0..<3 {
                answers.append(
                    try await client.send(
                        .post, "/v1/moderation/items/\(item)/decision", json: decision, token: token, headers: Self.key("entscheidung-1")))
            }
            #expect(answers.allSatisfy { $0.status == answers[0].status && $0.body == answers[0].body }, "\(answers.map(\.text))")
            #expect((200..<300).contains(answers[0].status.code), "\(answers[0].text)")
            #expect(try await Self.count("outbox", in: database) - outbox <= 1)
            #expect(try await Self.count("audit_events", in: database) - audit == 1)
        }
    }

    @Test func keysAreForgottenAfterADayAndWithAnErasedAccount() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz")
            try await fixtures.accounts.account("Paula")
            var token = try await fixtures.accounts.login("Paula")
            let path = "/v1/campaigns/domplatz/proposals"
            #expect(try await client.send(.post, path, json: Self.proposal, token: token, headers: Self.key("k")).status == .created)
            clock.advance(by: IdempotencyKeys.lifetime + 1)
            token = try await fixtures.accounts.login("Paula")
            let later = try await client.send(.post, path, json: Self.proposal, token: token, headers: Self.key("k"))
            #expect(later.status == .created)
            #expect(later.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            #expect(try await Self.count("proposals", in: database) == 2)
            #expect(try await Housekeeping.prune(now: clock.now.addingTimeInterval(IdempotencyKeys.lifetime), throttleWindow: 0, on: database) >= 1)
            #expect(try await Self.count("idempotency_keys", in: database) == 0)

            #expect(try await client.send(.post, path, json: Self.proposal, token: token, headers: Self.key("k2")).status == .created)
            #expect(try await Self.count("idempotency_keys", in: database) == 1)
            #expect(try await client.send(.delete, "/v1/me", json: ["password": AccountFixtures.password], token: token).status == .noContent)
            #expect(try await Self.count("idempotency_keys", in: database) == 0)
        }
    }
}
