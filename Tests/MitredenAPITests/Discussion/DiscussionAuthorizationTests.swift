import Foundation
import HTTPTypes
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// Proposal, comment, flag and response routes against every kind of caller. The target
/// proposal is Paula's, in a campaign of unit A.
@Suite struct DiscussionAuthorizationTests {
    enum Caller: String, CaseIterable, Sendable {
        case anonymous, author, participant, moderatorOfA, officialOfA, officialOfB, admin
    }

    struct Route: Sendable, CustomStringConvertible {
        let method: HTTPRequest.Method
        let path: @Sendable (_ proposal: String, _ comment: String) -> String
        let body: [String: any Sendable]?
        let expected: [Caller: HTTPResponse.Status]
        var description: String { "\(method) \(path("{id}", "{comment}"))" }
    }

    static func expect(
        _ success: HTTPResponse.Status, anonymous: HTTPResponse.Status = .unauthorized,
        _ exceptions: [Caller: HTTPResponse.Status] = [:]
    ) -> [Caller: HTTPResponse.Status] {
        var result: [Caller: HTTPResponse.Status] = [:]
        for caller in Caller.allCases { result[caller] = caller == .anonymous ? anonymous : success }
        result.merge(exceptions) { $1 }
        return result
    }

    static let routes: [Route] = [
        Route(method: .get, path: { _, _ in "/v1/campaigns/domplatz/proposals" }, body: nil, expected: expect(.ok, anonymous: .ok)),
        Route(method: .get, path: { p, _ in "/v1/proposals/\(p)" }, body: nil, expected: expect(.ok, anonymous: .ok)),
        Route(method: .get, path: { p, _ in "/v1/proposals/\(p)/comments" }, body: nil, expected: expect(.ok, anonymous: .ok)),
        Route(method: .post, path: { _, _ in "/v1/campaigns/domplatz/proposals" }, body: ["title": "Neu"], expected: expect(.created)),
        Route(
            method: .post, path: { _, _ in "/v1/campaigns/domplatz/proposals" }, body: ["title": "Vom Papier", "channel": "paper"],
            expected: expect(.forbidden, [.moderatorOfA: .created, .officialOfA: .created, .admin: .created])),
        // Published already: the author may no longer edit it; others were never allowed.
        Route(method: .patch, path: { p, _ in "/v1/proposals/\(p)" }, body: ["title": "Anders"], expected: expect(.forbidden, [.author: .conflict])),
        Route(method: .post, path: { p, _ in "/v1/proposals/\(p)/withdraw" }, body: nil, expected: expect(.forbidden, [.author: .ok])),
        Route(
            method: .put, path: { p, _ in "/v1/proposals/\(p)/response" }, body: ["status": "noted", "text": "Zur Kenntnis"],
            expected: expect(.forbidden, [.officialOfA: .ok, .admin: .ok])),
        Route(method: .post, path: { p, _ in "/v1/proposals/\(p)/comments" }, body: ["body": "Hallo"], expected: expect(.created)),
        Route(
            method: .post, path: { p, _ in "/v1/proposals/\(p)/flags" }, body: ["reason": "spam"],
            expected: expect(.noContent, [.author: .unprocessableContent])),
        Route(method: .post, path: { _, c in "/v1/comments/\(c)/flags" }, body: ["reason": "spam"], expected: expect(.noContent)),
    ]

    @Test(arguments: routes)
    func eachCallerGetsTheExpectedStatus(route: Route) async throws {
        for caller in Caller.allCases {
            let clock = ManualClock()
            try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
                let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
                try await fixtures.campaign("domplatz", unit: "unit-a")
                let author = try await fixtures.accounts.account("Paula")
                let commenter = try await fixtures.accounts.account("Carl")
                let proposal = try await fixtures.proposal("Brunnen", in: "domplatz", by: author)
                let comment = try await fixtures.comment("Schön", on: proposal.id, by: commenter)
                let token = try await Self.token(for: caller, fixtures: fixtures)
                let response = try await client.send(
                    route.method, route.path(proposal.id.uuidString.lowercased(), comment.record.id.uuidString.lowercased()), json: route.body,
                    token: token
                )
                #expect(response.status == route.expected[caller], "\(route) as \(caller.rawValue): \(response.text)")
                if response.status.code >= 400 { _ = try response.problem() }
            }
        }
    }

    static func token(for caller: Caller, fixtures: DiscussionFixtures) async throws -> String? {
        let accounts = fixtures.accounts
        switch caller {
        case .anonymous: return nil
        case .author: return try await accounts.login("Paula")
        case .participant: try await accounts.account("Petra")
        case .moderatorOfA: try await accounts.member(try await accounts.account("Moritz"), of: "unit-a", as: .moderator)
        case .officialOfA: try await accounts.member(try await accounts.account("Olga"), of: "unit-a", as: .official)
        case .officialOfB: try await accounts.member(try await accounts.account("Boris"), of: "unit-b", as: .official)
        case .admin: try await accounts.account("Adele", role: .admin)
        }
        let name = ["participant": "Petra", "moderatorOfA": "Moritz", "officialOfA": "Olga", "officialOfB": "Boris", "admin": "Adele"][
            caller.rawValue]!
        return try await accounts.login(name)
    }
}
