import Foundation
import HTTPTypes
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// ETag, If-None-Match and Cache-Control on the public reads (ConditionalGetMiddleware).
@Suite struct ConditionalGetTests {
    /// A GET with extra request headers.
    static func get(
        _ client: any TestClientProtocol, _ uri: String, ifNoneMatch: String? = nil, token: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.userAgent: "MitredenTests/1.0"]
        if let ifNoneMatch { headers[.ifNoneMatch] = ifNoneMatch }
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: .get, headers: headers, body: nil)
    }

    /// A dialogue campaign in its discussion phase with one published proposal.
    static func setUp(_ database: Database, clock: ManualClock) async throws -> (VoteFixtures, CampaignRecord, Proposal.ID) {
        let fixtures = VoteFixtures(database: database, clock: clock.clock)
        let campaign = try await fixtures.campaign("laerm", phase: .discussion, kind: .dialogue)
        return (fixtures, campaign, try await fixtures.proposal(in: campaign))
    }

    @Test func aSecondReadWithTheETagIsA304WithoutBody() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let (_, _, proposal) = try await Self.setUp(database, clock: clock)
            for path in [
                "/v1/campaigns", "/v1/campaigns/laerm", "/v1/campaigns/laerm/proposals?sort=top", "/v1/proposals/\(proposal)",
                "/v1/proposals/\(proposal)/comments",
            ] {
                let first = try await Self.get(client, path)
                #expect(first.status == .ok, "\(path)")
                let tag = try #require(first.headers[.eTag], "\(path)")
                #expect(tag.hasPrefix("\"") && tag.hasSuffix("\"") && tag.count == 66, "\(path): \(tag)")
                #expect(first.headers[.cacheControl] == "public, max-age=10", "\(path)")
                #expect(first.headers[.vary] == "Authorization", "\(path)")
                let second = try await Self.get(client, path, ifNoneMatch: tag)
                #expect(second.status == .notModified, "\(path)")
                #expect(second.body.readableBytes == 0, "\(path)")
                #expect(second.headers[.eTag] == tag, "\(path)")
                #expect(second.headers[.cacheControl] == "public, max-age=10", "\(path)")
                // Unchanged data, the same tag on the next plain read.
                #expect(try await Self.get(client, path).headers[.eTag] == tag, "\(path)")
            }
        }
    }

    @Test func ifNoneMatchFollowsRFC9110() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            _ = try await Self.setUp(database, clock: clock)
            let tag = try #require(try await Self.get(client, "/v1/campaigns/laerm").headers[.eTag])
            // `*` matches any current representation.
            #expect(try await Self.get(client, "/v1/campaigns/laerm", ifNoneMatch: "*").status == .notModified)
            // A list: one member matching is enough; a weak tag is compared weakly.
            #expect(try await Self.get(client, "/v1/campaigns/laerm", ifNoneMatch: "\"stale\", \(tag)").status == .notModified)
            #expect(try await Self.get(client, "/v1/campaigns/laerm", ifNoneMatch: "\"stale\",W/\(tag)").status == .notModified)
            // No member matching, or a tag without its quotes: the full answer.
            let stale = try await Self.get(client, "/v1/campaigns/laerm", ifNoneMatch: "\"stale\", W/\"older\"")
            #expect(stale.status == .ok)
            #expect(stale.body.readableBytes > 0)
            #expect(try await Self.get(client, "/v1/campaigns/laerm", ifNoneMatch: String(tag.dropFirst().dropLast())).status == .ok)
            // A refusal is never a 304, whatever the client holds.
            #expect(try await Self.get(client, "/v1/campaigns/no-such", ifNoneMatch: "*").status == .notFound)
        }
    }

    @Test func aNewSupportOrCommentChangesTheETag() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let (_, _, proposal) = try await Self.setUp(database, clock: clock)
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await accounts.account("Ada")
            let token = try await accounts.login("Ada")
            let list = "/v1/campaigns/laerm/proposals?sort=top"
            let before = try #require(try await Self.get(client, list).headers[.eTag])
            #expect(try await client.send(.put, "/v1/proposals/\(proposal)/support", token: token).status == .ok)
            let afterSupport = try await Self.get(client, list, ifNoneMatch: before)
            #expect(afterSupport.status == .ok)
            #expect(afterSupport.headers[.eTag] != before)

            let comments = "/v1/proposals/\(proposal)/comments"
            let noComments = try #require(try await Self.get(client, comments).headers[.eTag])
            let posted = try await client.send(.post, comments, json: ["body": "Mehr Bäume bitte", "stance": "pro"], token: token)
            #expect(posted.status == .created)
            let withComment = try await Self.get(client, comments, ifNoneMatch: noComments)
            #expect(withComment.status == .ok)
            #expect(withComment.headers[.eTag] != noComments)
        }
    }

    @Test func answersToASessionAreNeverPublic() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let (_, _, proposal) = try await Self.setUp(database, clock: clock)
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await accounts.account("Ada")
            let token = try await accounts.login("Ada")
            for path in ["/v1/campaigns", "/v1/campaigns/laerm", "/v1/campaigns/laerm/proposals", "/v1/proposals/\(proposal)"] {
                let response = try await Self.get(client, path, token: token)
                #expect(response.status == .ok, "\(path)")
                let policy = try #require(response.headers[.cacheControl], "\(path)")
                #expect(policy.contains("private") && !policy.contains("public"), "\(path): \(policy)")
                #expect(response.headers[.vary] == "Authorization", "\(path)")
                // The browser may still revalidate its own copy.
                let tag = try #require(response.headers[.eTag])
                #expect(try await Self.get(client, path, ifNoneMatch: tag, token: token).status == .notModified, "\(path)")
            }
            // Personal reads are not cached at all.
            #expect(try await Self.get(client, "/v1/me", token: token).headers[.cacheControl] == nil)
        }
    }

    @Test func streamedExportsCarryCacheHeadersButNoETag() async throws {
        try await withTestApp { client, database in
            _ = try await ExportFixtures(database: database).make(phases: ExportTests.phases(resultsNow: true), openData: true)
            let response = try await Self.get(client, "/v1/campaigns/haushalt/exports/proposals.csv", ifNoneMatch: "*")
            #expect(response.status == .ok)
            #expect(response.body.readableBytes > 0)
            #expect(response.headers[.eTag] == nil)
            #expect(response.headers[.cacheControl] == "public, max-age=10")
            #expect(response.headers[.vary] == "Authorization")
        }
    }
}
