import Foundation
import HTTPTypes
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// Every account route against every kind of caller, with the status each must get.
@Suite struct AuthorizationMatrixTests {
    enum Caller: String, CaseIterable, Sendable {
        case anonymous, participant, moderatorOfA, official, manager, admin
    }

    struct Route: Sendable, CustomStringConvertible {
        let method: HTTPRequest.Method
        let path: String
        let body: @Sendable (_ memberID: String) -> [String: any Sendable]?
        let expected: [Caller: HTTPResponse.Status]
        /// Objects the route acts on, made after the caller exists.
        var setup: @Sendable (Database) async throws -> Void = { _ in }
        var description: String { "\(method) \(path)" }
    }

    static func same(_ status: HTTPResponse.Status, anonymous: HTTPResponse.Status = .unauthorized) -> [Caller: HTTPResponse.Status] {
        var result: [Caller: HTTPResponse.Status] = [:]
        for caller in Caller.allCases { result[caller] = caller == .anonymous ? anonymous : status }
        return result
    }

    static func adminOnly(_ success: HTTPResponse.Status) -> [Caller: HTTPResponse.Status] {
        var result = same(.forbidden)
        result[.admin] = success
        return result
    }

    /// A manager of unit B (or an admin) succeeds; everyone else known is refused.
    static func managerOfB(_ success: HTTPResponse.Status) -> [Caller: HTTPResponse.Status] {
        var result = same(.forbidden)
        result[.manager] = success
        result[.admin] = success
        return result
    }

    /// Anyone with a unit role or the admin role; participants are refused.
    static func staffOnly(_ success: HTTPResponse.Status) -> [Caller: HTTPResponse.Status] {
        var result = same(success)
        result[.participant] = .forbidden
        return result
    }

    /// A published campaign of unit B that the campaign routes act on.
    static let campaignOfB: @Sendable (Database) async throws -> Void = { database in
        if try await Units.find(slug: "unit-b", on: database) == nil {
            _ = try await UnitService(database: database, clock: .system).create(slug: "unit-b", name: "B", by: .commandLine)
        }
        let service = CampaignService(database: database, clock: .system)
        let now = Date()
        _ = try await service.create(
            CampaignSpec(
                unit: "unit-b", draft: CampaignDraft(slug: "camp-b", title: "B", kind: .dialogue),
                phases: [PhaseWindow(kind: .discussion, startsAt: now - 3600, endsAt: now + 86_400)]
            ), by: .commandLine)
        _ = try await service.publish("camp-b", by: .commandLine)
    }

    static let phasesBody: [String: any Sendable] = [
        "phases": [["kind": "results", "startsAt": "2030-01-01T00:00:00Z", "endsAt": "2030-02-01T00:00:00Z"] as [String: any Sendable]]
    ]

    static let routes: [Route] = [
        Route(method: .get, path: "/v1/audit?limit=5", body: { _ in nil }, expected: adminOnly(.ok)),
        Route(method: .get, path: "/v1/campaigns", body: { _ in nil }, expected: same(.ok, anonymous: .ok), setup: campaignOfB),
        Route(method: .get, path: "/v1/campaigns/camp-b", body: { _ in nil }, expected: same(.ok, anonymous: .ok), setup: campaignOfB),
        Route(
            method: .post, path: "/v1/campaigns", body: { _ in ["unit": "unit-b", "slug": "new-camp", "title": "New", "kind": "dialogue"] },
            expected: managerOfB(.created), setup: campaignOfB),
        Route(method: .patch, path: "/v1/campaigns/camp-b", body: { _ in ["title": "Renamed"] }, expected: managerOfB(.ok), setup: campaignOfB),
        Route(method: .put, path: "/v1/campaigns/camp-b/phases", body: { _ in phasesBody }, expected: managerOfB(.ok), setup: campaignOfB),
        Route(method: .post, path: "/v1/campaigns/camp-b/publish", body: { _ in nil }, expected: managerOfB(.ok), setup: campaignOfB),
        Route(method: .get, path: "/v1/me", body: { _ in nil }, expected: same(.ok)),
        Route(method: .get, path: "/v1/me/export", body: { _ in nil }, expected: same(.ok)),
        Route(method: .get, path: "/v1/me/sessions", body: { _ in nil }, expected: same(.ok)),
        Route(method: .post, path: "/v1/me/sessions/end-others", body: { _ in nil }, expected: same(.ok)),
        Route(method: .delete, path: "/v1/me/sessions/9d0c3f7e-1b2a-4c5d-8e6f-7a8b9c0d1e2f", body: { _ in nil }, expected: same(.notFound)),
        Route(method: .get, path: "/v1/me/mfa", body: { _ in nil }, expected: same(.ok)),
        Route(method: .post, path: "/v1/me/mfa/totp", body: { _ in nil }, expected: staffOnly(.created)),
        Route(method: .post, path: "/v1/me/mfa/totp/confirm", body: { _ in ["code": "123456"] }, expected: staffOnly(.conflict)),
        Route(method: .get, path: "/v1/me/proposals", body: { _ in nil }, expected: same(.ok)),
        Route(method: .get, path: "/v1/me/comments", body: { _ in nil }, expected: same(.ok)),
        Route(method: .get, path: "/v1/me/ballots", body: { _ in nil }, expected: same(.ok)),
        Route(method: .get, path: "/v1/me/supports", body: { _ in nil }, expected: same(.ok)),
        Route(method: .get, path: "/v1/units", body: { _ in nil }, expected: same(.ok, anonymous: .ok)),
        Route(method: .post, path: "/v1/units", body: { _ in ["slug": "new-unit", "name": "New"] }, expected: adminOnly(.created)),
        Route(method: .post, path: "/v1/units/unit-a/members", body: { ["accountId": $0, "role": "official"] }, expected: adminOnly(.created)),
        Route(method: .delete, path: "/v1/sessions/current", body: { _ in nil }, expected: same(.noContent)),
        Route(method: .delete, path: "/v1/me", body: { _ in ["password": AccountFixtures.password] }, expected: same(.noContent)),
        Route(
            method: .post, path: "/v1/accounts/verify", body: { _ in ["token": String(repeating: "z", count: 43)] },
            expected: same(.unprocessableContent, anonymous: .unprocessableContent)),
        Route(
            method: .post, path: "/v1/sessions", body: { _ in ["email": "x@example.org", "password": "not it at all"] },
            expected: same(.unauthorized, anonymous: .unauthorized)),
        Route(
            method: .post, path: "/v1/accounts",
            body: { _ in ["email": "new@example.org", "password": "a fine long passphrase", "displayName": "Newcomer"] },
            expected: same(.accepted, anonymous: .accepted)),
    ]

    @Test(arguments: routes)
    func eachCallerGetsTheExpectedStatus(route: Route) async throws {
        for caller in Caller.allCases {
            // A fresh app per cell: routes like DELETE /v1/me change the caller.
            try await withTestApp { client, database in
                let fixtures = AccountFixtures(client: client, database: database)
                let target = try await fixtures.account("Target")
                let token = try await Self.token(for: caller, fixtures: fixtures)
                try await route.setup(database)
                let response = try await client.send(route.method, route.path, json: route.body(target.uuidString.lowercased()), token: token)
                #expect(response.status == route.expected[caller], "\(route) as \(caller.rawValue): \(response.text)")
                if response.status.code >= 400 { _ = try response.problem() }
            }
        }
    }

    static func token(for caller: Caller, fixtures: AccountFixtures) async throws -> String? {
        switch caller {
        case .anonymous: return nil
        case .participant: try await fixtures.account("Paula")
        case .moderatorOfA: try await fixtures.member(try await fixtures.account("Moritz"), of: "unit-a", as: .moderator)
        case .official: try await fixtures.member(try await fixtures.account("Olga"), of: "unit-b", as: .official)
        case .manager: try await fixtures.member(try await fixtures.account("Manfred"), of: "unit-b", as: .manager)
        case .admin: try await fixtures.account("Adele", role: .admin)
        }
        if try await Units.find(slug: "unit-a", on: fixtures.database) == nil {
            _ = try await UnitService(database: fixtures.database, clock: .system).create(slug: "unit-a", name: "A", by: .commandLine)
        }
        let name = ["participant": "Paula", "moderatorOfA": "Moritz", "official": "Olga", "manager": "Manfred", "admin": "Adele"][caller.rawValue]!
        return try await fixtures.login(name)
    }
}
