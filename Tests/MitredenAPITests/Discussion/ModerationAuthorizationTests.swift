import Foundation
import HTTPTypes
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// Every moderation route against every kind of caller. Unit B's items are the target:
/// only B's moderators and admins reach them; A's moderator learns nothing about them.
@Suite struct ModerationAuthorizationTests {
    enum Caller: String, CaseIterable, Sendable {
        case anonymous, participant, officialOfB, moderatorOfA, moderatorOfB, admin
    }

    struct Route: Sendable, CustomStringConvertible {
        let method: HTTPRequest.Method
        let path: @Sendable (_ itemID: String) -> String
        let body: [String: any Sendable]?
        let expected: [Caller: HTTPResponse.Status]
        var description: String { "\(method) \(path("{id}"))" }
    }

    static func statuses(_ success: HTTPResponse.Status, moderatorOfA: HTTPResponse.Status) -> [Caller: HTTPResponse.Status] {
        [
            .anonymous: .unauthorized, .participant: .forbidden, .officialOfB: .forbidden, .moderatorOfA: moderatorOfA,
            .moderatorOfB: success, .admin: success,
        ]
    }

    static let routes: [Route] = [
        Route(method: .get, path: { _ in "/v1/moderation/items" }, body: nil, expected: statuses(.ok, moderatorOfA: .ok)),
        Route(method: .post, path: { _ in "/v1/moderation/claims" }, body: ["limit": 10], expected: statuses(.ok, moderatorOfA: .ok)),
        Route(
            method: .post, path: { "/v1/moderation/items/\($0)/decision" }, body: ["decision": "approve"],
            expected: statuses(.ok, moderatorOfA: .notFound)),
        Route(method: .get, path: { _ in "/v1/moderation/stats?campaign=b-kampagne" }, body: nil, expected: statuses(.ok, moderatorOfA: .notFound)),
    ]

    @Test(arguments: routes)
    func eachCallerGetsTheExpectedStatus(route: Route) async throws {
        for caller in Caller.allCases {
            let clock = ManualClock()
            try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
                let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
                try await fixtures.campaign("a-kampagne", unit: "unit-a", proposalModeration: .pre)
                try await fixtures.campaign("b-kampagne", unit: "unit-b", proposalModeration: .pre)
                let author = try await fixtures.accounts.account("Paula")
                _ = try await fixtures.proposal("In A", in: "a-kampagne", by: author)
                let inB = try await fixtures.proposal("In B", in: "b-kampagne", by: author)
                let itemB = try #require(try await ModerationQueue.open(units: ["unit-b"], campaign: nil, limit: 5, on: database).first)
                let token = try await Self.token(for: caller, fixtures: fixtures)
                let response = try await client.send(route.method, route.path(itemB.id.uuidString.lowercased()), json: route.body, token: token)
                #expect(response.status == route.expected[caller], "\(route) as \(caller.rawValue): \(response.text)")
                if response.status.code >= 400 { _ = try response.problem() }
                if caller == .moderatorOfA, response.status == .ok {
                    let targets = try response.items().compactMap { $0["targetId"] as? String }
                    #expect(!targets.contains(inB.id.uuidString.lowercased()), "\(route): A's moderator saw B's item")
                    #expect(targets.count == 1)
                }
            }
        }
    }

    static func token(for caller: Caller, fixtures: DiscussionFixtures) async throws -> String? {
        let accounts = fixtures.accounts
        switch caller {
        case .anonymous: return nil
        case .participant: try await accounts.account("Petra")
        case .officialOfB: try await accounts.member(try await accounts.account("Olga"), of: "unit-b", as: .official)
        case .moderatorOfA: try await accounts.member(try await accounts.account("Moritz"), of: "unit-a", as: .moderator)
        case .moderatorOfB: try await accounts.member(try await accounts.account("Mia"), of: "unit-b", as: .moderator)
        case .admin: try await accounts.account("Adele", role: .admin)
        }
        let name = ["participant": "Petra", "officialOfB": "Olga", "moderatorOfA": "Moritz", "moderatorOfB": "Mia", "admin": "Adele"][
            caller.rawValue]!
        return try await accounts.login(name)
    }
}
