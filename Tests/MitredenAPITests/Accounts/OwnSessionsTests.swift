import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// `GET /v1/me/sessions`, ending one and ending all others (issue 13).
@Suite struct OwnSessionsTests {
    static let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

    @Test func theListShowsOwnLiveSessionsWithTheCurrentOneMarkedAndNoFullAddress() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            let id = try await fixtures.account("Sabine")
            try await fixtures.account("Thomas")
            let token = try await fixtures.login("Sabine")
            _ = try await fixtures.login("Thomas")
            _ = try await Sessions.open(
                for: id, now: Date(), lifetimes: .init(idle: 600, absolute: 3600), clientAddress: "203.0.113.77", userAgent: Self.firefox,
                on: database)
            let ended = try await fixtures.login("Sabine")
            #expect(try await client.send(.delete, "/v1/sessions/current", token: ended).status == .noContent)

            let response = try await client.send(.get, "/v1/me/sessions", token: token)
            #expect(response.status == .ok)
            #expect(!response.text.contains("203.0.113.77"))
            #expect(!response.text.contains(token))
            let items = try #require(try response.json()["items"] as? [[String: Any]])
            #expect(items.count == 2)
            let current = items.filter { $0["current"] as? Bool == true }
            #expect(current.count == 1)
            #expect(current.first?["client"] as? String == "MitredenTests")
            let other = try #require(items.first { $0["current"] as? Bool == false })
            #expect(other["network"] as? String == "203.0.113.0/24")
            #expect(other["client"] as? String == "Firefox on Linux")
            #expect(other["createdAt"] is String && other["lastUsedAt"] is String && other["expiresAt"] is String)
        }
    }

    @Test func oneOfOnesOwnSessionsCanBeEndedButNoOneElses() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            try await fixtures.account("Ulla")
            try await fixtures.account("Volker")
            let ulla = try await fixtures.login("Ulla")
            let ullaPhone = try await fixtures.login("Ulla")
            let volker = try await fixtures.login("Volker")
            func sessionIDs(_ token: String, current: Bool) async throws -> [String] {
                let items = try await client.send(.get, "/v1/me/sessions", token: token).json()["items"] as? [[String: Any]] ?? []
                return items.filter { $0["current"] as? Bool == current }.compactMap { $0["id"] as? String }
            }
            let phoneID = try #require(try await sessionIDs(ullaPhone, current: true).first)
            let volkerID = try #require(try await sessionIDs(volker, current: true).first)

            let foreign = try await client.send(.delete, "/v1/me/sessions/\(volkerID)", token: ulla)
            #expect(foreign.status == .notFound)
            #expect(try await client.send(.get, "/v1/me", token: volker).status == .ok)
            #expect(try await client.send(.delete, "/v1/me/sessions/not-a-uuid", token: ulla).status == .notFound)

            #expect(try await client.send(.delete, "/v1/me/sessions/\(phoneID)", token: ulla).status == .noContent)
            #expect(try await client.send(.get, "/v1/me", token: ullaPhone).status == .unauthorized)
            #expect(try await client.send(.get, "/v1/me", token: ulla).status == .ok)
            #expect(try await client.send(.delete, "/v1/me/sessions/\(phoneID)", token: ulla).status == .notFound)
        }
    }

    @Test func endingTheOthersKeepsTheCurrentSession() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            try await fixtures.account("Wilma")
            try await fixtures.account("Xaver")
            let others = [try await fixtures.login("Wilma"), try await fixtures.login("Wilma")]
            let here = try await fixtures.login("Wilma")
            let xaver = try await fixtures.login("Xaver")
            let response = try await client.send(.post, "/v1/me/sessions/end-others", token: here)
            #expect(response.status == .ok)
            #expect(try response.json()["ended"] as? Int == 2)
            for token in others { #expect(try await client.send(.get, "/v1/me", token: token).status == .unauthorized) }
            #expect(try await client.send(.get, "/v1/me", token: here).status == .ok)
            #expect(try await client.send(.get, "/v1/me", token: xaver).status == .ok)
            #expect(try await client.send(.post, "/v1/me/sessions/end-others", token: here).json()["ended"] as? Int == 0)
        }
    }

    @Test func theSessionRoutesNeedASession() async throws {
        try await withTestApp { client, _ async throws -> Void in
            #expect(try await client.send(.get, "/v1/me/sessions").status == .unauthorized)
            #expect(try await client.send(.post, "/v1/me/sessions/end-others").status == .unauthorized)
            #expect(try await client.send(.delete, "/v1/me/sessions/\(UUID().uuidString.lowercased())").status == .unauthorized)
            #expect(try await client.send(.post, "/v1/me/mfa/totp").status == .unauthorized)
        }
    }
}
