import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

@Suite struct SessionTests {
    @Test func unknownAddressAndWrongPasswordGetTheSameAnswer() async throws {
        try await withTestApp { client, database in
            try await AccountFixtures(client: client, database: database).account("Berta")
            let wrong = try await client.send(.post, "/v1/sessions", json: ["email": "berta@example.org", "password": "not the password"])
            let unknown = try await client.send(.post, "/v1/sessions", json: ["email": "nobody@example.org", "password": "not the password"])
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == wrong.status)
            let (a, b) = (try wrong.problem(), try unknown.problem())
            #expect(a.type == b.type && a.title == b.title && a.detail == b.detail && a.errors == nil && b.errors == nil)
        }
    }

    @Test func logoutRevokesTheTokenAndARevokedTokenIs401() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            try await fixtures.account("Carla")
            let token = try await fixtures.login("Carla")
            let other = try await fixtures.login("Carla")
            #expect(try await client.send(.get, "/v1/me", token: token).status == .ok)
            #expect(try await client.send(.delete, "/v1/sessions/current", token: token).status == .noContent)
            let after = try await client.send(.get, "/v1/me", token: token)
            #expect(after.status == .unauthorized)
            #expect(after.headers[.wwwAuthenticate] == "Bearer")
            #expect(try await client.send(.get, "/v1/me", token: other).status == .ok)
        }
    }

    @Test func onlyTheTokensHashIsStored() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            try await fixtures.account("Dora")
            let token = try await fixtures.login("Dora")
            let stored = try await database.query("SELECT token_hash FROM sessions").first!.decode(Data.self)
            #expect(stored == SecretToken(text: token).hash)
            let agent = try await database.query("SELECT user_agent FROM sessions").first!.decode(String?.self)
            #expect(agent == "MitredenTests/1.0")
            #expect(stored != Data(token.utf8))
        }
    }

    @Test func sessionsExpireWhenIdleAndAfterTheirLifetime() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: {
            $0.clock = clock.clock
            $0.accounts.sessionIdle = 600
            $0.accounts.sessionLifetime = 3600
        }) { client, database in
            let fixtures = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await fixtures.account("Emil")
            let idle = try await fixtures.login("Emil")
            clock.advance(by: 599)
            #expect(try await client.send(.get, "/v1/me", token: idle).status == .ok)
            clock.advance(by: 599)
            #expect(try await client.send(.get, "/v1/me", token: idle).status == .ok)
            clock.advance(by: 601)
            #expect(try await client.send(.get, "/v1/me", token: idle).status == .unauthorized)

            let busy = try await fixtures.login("Emil")
            for _ in 0..<6 {
                clock.advance(by: 500)
                #expect(try await client.send(.get, "/v1/me", token: busy).status == .ok)
            }
            clock.advance(by: 601)
            #expect(try await client.send(.get, "/v1/me", token: busy).status == .unauthorized)
        }
    }

    @Test func suspensionAndPasswordChangeRevokeEverySession() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            let id = try await fixtures.account("Fritz")
            let token = try await fixtures.login("Fritz")
            try await database.withTransaction { tx in
                try await Accounts.setPassword(id, hash: "$2b$04$x", now: Date(), on: tx)
            }
            #expect(try await client.send(.get, "/v1/me", token: token).status == .unauthorized)

            let id2 = try await fixtures.account("Gerda")
            let token2 = try await fixtures.login("Gerda")
            var settings = AccountSettings()
            settings.bcryptCost = 4
            try await AccountService(database: database, settings: settings, clock: .system)
                .setStatus(id2, .suspended, by: .commandLine, reason: "test")
            #expect(try await client.send(.get, "/v1/me", token: token2).status == .unauthorized)
            let login = try await client.send(.post, "/v1/sessions", json: ["email": "gerda@example.org", "password": AccountFixtures.password])
            #expect(login.status == .unauthorized)
        }
    }

    @Test func malformedOrMissingTokensAre401() async throws {
        try await withTestApp { client, _ async throws -> Void in
            #expect(try await client.send(.get, "/v1/me").status == .unauthorized)
            #expect(try await client.send(.get, "/v1/me", token: "x").status == .unauthorized)
            #expect(try await client.send(.get, "/v1/me", token: String(repeating: "a", count: 43)).status == .unauthorized)
        }
    }
}

@Suite struct LongPasswordTests {
    @Test func everyCharacterOfALongPasswordCounts() async throws {
        try await withTestApp { client, _ async throws -> Void in
            let password = String(repeating: "abcdefghij", count: 10) + "-the-end"
            let registration: [String: any Sendable] = ["email": "long@example.org", "password": password, "displayName": "Longpass"]
            #expect(try await client.send(.post, "/v1/accounts", json: registration).status == .accepted)
            let almost = String(password.dropLast()) + "X"
            #expect(try await client.send(.post, "/v1/sessions", json: ["email": "long@example.org", "password": almost]).status == .unauthorized)
            #expect(try await client.send(.post, "/v1/sessions", json: ["email": "long@example.org", "password": password]).status == .created)
        }
    }
}
