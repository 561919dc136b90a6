import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// Limits on what one request may put into the database or ask of it, counted as
/// PostgreSQL counts text (code points), not as Swift counts Characters.
@Suite struct InputLimitTests {
    /// One Character of `count` code points: a letter carrying combining acute accents.
    static func heavyCharacter(_ count: Int) -> String { "a" + String(repeating: "\u{301}", count: count - 1) }

    @Test func aCommentIsMeasuredInCodePoints() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz")
            let paula = try await fixtures.accounts.account("Paula")
            try await fixtures.accounts.account("Otto")
            let proposal = try await fixtures.proposal("Brunnen", in: "domplatz", by: paula)
            let body = Self.heavyCharacter(15_010)
            #expect(body.count == 1)
            let response = try await client.send(
                .post, "/v1/proposals/\(proposal.id)/comments", json: ["body": body], token: try await fixtures.accounts.login("Otto"))
            #expect(response.status == .unprocessableContent)
            let problem = try response.problem()
            #expect(problem.errors?.map(\.field) == ["body"])
            #expect(problem.errors?.first?.message.contains("2000") == true)
        }
    }

    @Test func aDisplayNameIsLimitedInCodePointsAndBytes() async throws {
        try await withTestApp { client, _ in
            func register(_ name: String, _ index: Int) async throws -> TestResponse {
                try await client.send(
                    .post, "/v1/accounts",
                    json: ["email": "n\(index)@example.org", "password": "a long and unusual passphrase", "displayName": name])
            }
            // 200 KB that Swift counts as four Characters.
            let huge = try await register("Ann" + Self.heavyCharacter(100_000), 1)
            #expect(huge.status == .unprocessableContent)
            #expect(try huge.problem().errors?.map(\.field) == ["displayName"])
            #expect(try huge.problem().errors?.first?.message.contains("160 bytes") == true)
            #expect(try await register(String(repeating: "x", count: 41), 2).status == .unprocessableContent)
            #expect(try await register(String(repeating: "x", count: 40), 3).status == .accepted)
            #expect(try await register(String(repeating: "ß", count: 40), 4).status == .accepted)
        }
    }

    @Test func aLocationIsLimitedInVerticesAndBytes() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz")
            try await fixtures.accounts.account("Paula")
            let token = try await fixtures.accounts.login("Paula")
            let path = "/v1/campaigns/domplatz/proposals"
            let line = (0..<1001).map { [9.9 + Double($0) / 100_000, 53.55] }
            let tooLong = try await client.send(.post, path, json: ["title": "Weg", "location": geo("LineString", line)], token: token)
            #expect(tooLong.status == .unprocessableContent)
            #expect(try tooLong.problem().errors?.map(\.field) == ["location.coordinates"])
            #expect(try tooLong.problem().errors?.first?.message.contains("1000") == true)
            // 70 KB in a member that validation used to skip.
            let padded: [String: any Sendable] = [
                "type": "Point", "coordinates": [9.9, 53.55], "bbox": Array(repeating: 53.551234567, count: 6_000),
            ]
            let tooBig = try await client.send(.post, path, json: ["title": "Platz", "location": padded], token: token)
            #expect(tooBig.status == .unprocessableContent)
            #expect(try tooBig.problem().errors?.map(\.field) == ["location"])
            let fine = try await client.send(
                .post, path, json: ["title": "Weg", "location": geo("LineString", Array(line.prefix(1000)))], token: token)
            #expect(fine.status == .created, "\(fine.text)")
        }
    }

    @Test func searchWordsAndSeedOfTheProposalListAreBounded() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            try await DiscussionFixtures(client: client, database: database, clock: clock).campaign("domplatz")
            let path = "/v1/campaigns/domplatz/proposals"
            let q = try await client.send(.get, "\(path)?q=\(String(repeating: "a", count: 201))")
            #expect(q.status == .unprocessableContent)
            #expect(try q.problem().errors?.map(\.field) == ["q"])
            let seed = try await client.send(.get, "\(path)?sort=random&seed=\(String(repeating: "s", count: 65))")
            #expect(seed.status == .unprocessableContent)
            #expect(try seed.problem().errors?.map(\.field) == ["seed"])
            #expect(try await client.send(.get, "\(path)?q=\(String(repeating: "a", count: 200))").status == .ok)
            #expect(try await client.send(.get, "\(path)?sort=random&seed=\(String(repeating: "s", count: 64))").status == .ok)
        }
    }

    @Test func aPageOfCommentsIsBoundedEvenWhenOneThreadIsHuge() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz")
            let paula = try await fixtures.accounts.account("Paula")
            let proposal = try await fixtures.proposal("Brunnen", in: "domplatz", by: paula)
            let root = try await fixtures.comment("Wurzel", on: proposal.id, by: paula)
            // 198 replies, then a hidden reply at position 200 whose three visible replies
            // can only be on the next page, then one more thread.
            let start = clock.now
            try await database.query(
                """
                INSERT INTO comments (proposal_id, parent_id, depth, author_id, body, moderation_status, created_at, published_at)
                SELECT \(proposal.id), \(root.record.id), 2, \(paula), 'Antwort ' || n, 'published',
                       \(start) + n * interval '1 second', \(start)
                FROM generate_series(1, 198) AS n
                """)
            let hidden = try await database.query(
                """
                INSERT INTO comments (proposal_id, parent_id, depth, author_id, body, moderation_status, created_at)
                VALUES (\(proposal.id), \(root.record.id), 2, \(paula), 'Verborgen', 'hidden', \(start) + interval '1000 seconds')
                RETURNING id
                """)[0].decode(Comment.ID.self)
            try await database.query(
                """
                INSERT INTO comments (proposal_id, parent_id, depth, author_id, body, moderation_status, created_at, published_at)
                SELECT \(proposal.id), \(hidden), 3, \(paula), 'Darunter ' || n, 'published', \(start) + (1000 + n) * interval '1 second', \(start)
                FROM generate_series(1, 3) AS n
                """)
            clock.advance(by: 5000)
            _ = try await fixtures.comment("Zweiter Faden", on: proposal.id, by: paula)

            let path = "/v1/proposals/\(proposal.id)/comments"
            let first = try await client.send(.get, path)
            #expect(first.status == .ok)
            let firstItems = try first.items()
            #expect(firstItems.count == CommentPages.maxComments)
            #expect(firstItems.first?["body"] as? String == "Wurzel")
            #expect(firstItems.last?["removed"] as? Bool == true)
            #expect(firstItems.last?["body"] as? String == "")
            let cursor = try #require(try first.json()["nextCursor"] as? String)
            let second = try await client.send(
                .get, "\(path)?cursor=\(cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? cursor)")
            let secondBodies = try second.items().compactMap { $0["body"] as? String }
            #expect(secondBodies == ["Darunter 1", "Darunter 2", "Darunter 3", "Zweiter Faden"])
            #expect(try second.json()["nextCursor"] == nil)
        }
    }
}
