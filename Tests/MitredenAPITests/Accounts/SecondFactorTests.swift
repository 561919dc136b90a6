import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// TOTP for staff (issue 13): enrolment, login with a code or a recovery code, replay,
/// the throttle, and `MITREDEN_STAFF_MFA_REQUIRED`.
@Suite struct SecondFactorTests {
    /// Starts and confirms an enrolment for a logged-in staff account; returns the TOTP and
    /// the recovery codes.
    static func enrol(_ token: String, client: any TestClientProtocol, clock: ManualClock) async throws -> (TOTP, [String]) {
        let started = try await client.send(.post, "/v1/me/mfa/totp", token: token)
        #expect(started.status == .created, "\(started.text)")
        let body = try started.json()
        let text = try #require(body["secret"] as? String)
        let totp = TOTP(secret: try #require(Base32.decode(text)))
        let confirmed = try await client.send(.post, "/v1/me/mfa/totp/confirm", json: ["code": totp.code(at: clock.now)], token: token)
        #expect(confirmed.status == .noContent, "\(confirmed.text)")
        return (totp, try #require(body["recoveryCodes"] as? [String]))
    }

    static func login(_ name: String, _ extra: [String: String] = [:], client: any TestClientProtocol) async throws -> TestResponse {
        var body: [String: any Sendable] = ["email": "\(name.lowercased())@example.org", "password": AccountFixtures.password]
        for (key, value) in extra { body[key] = value }
        return try await client.send(.post, "/v1/sessions", json: body)
    }

    @Test func enrolmentHandsOutTheSecretOnceAsAProvisioningURIWithTenRecoveryCodes() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await fixtures.account("Amtsleiterin", role: .admin)
            let token = try await fixtures.login("Amtsleiterin")
            let started = try await client.send(.post, "/v1/me/mfa/totp", token: token)
            #expect(started.status == .created)
            let body = try started.json()
            let secret = try #require(body["secret"] as? String)
            #expect(Base32.decode(secret)?.count == 20)
            #expect(
                body["provisioningUri"] as? String
                    == "otpauth://totp/Mitreden:Amtsleiterin?secret=\(secret)&issuer=Mitreden&algorithm=SHA1&digits=6&period=30")
            let codes = try #require(body["recoveryCodes"] as? [String])
            #expect(codes.count == 10 && Set(codes).count == 10)

            let status = try await client.send(.get, "/v1/me/mfa", token: token).json()
            #expect(status["pending"] as? Bool == true && status["enrolled"] as? Bool == false)
            #expect(!String(describing: status).contains(secret))
            // Recovery codes are stored as SHA-256 only.
            let stored = try await database.query("SELECT code_hash FROM account_recovery_codes").map { try $0.decode(Data.self) }
            #expect(stored.count == 10)
            #expect(stored.allSatisfy { $0.count == 32 })
            let table = try await database.query("SELECT string_agg(encode(code_hash, 'escape'), '') FROM account_recovery_codes")
                .first!.decode(String.self)
            #expect(codes.allSatisfy { !table.contains($0) })
        }
    }

    @Test func onceEnrolledALoginWithoutTheSecondFactorIsRefused() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = AccountFixtures(client: client, database: database, clock: clock.clock)
            let id = try await fixtures.account("Moderator")
            try await fixtures.member(id, of: "bauamt", as: .moderator)
            let (totp, _) = try await Self.enrol(try await fixtures.login("Moderator"), client: client, clock: clock)
            clock.advance(by: 30)

            let without = try await Self.login("Moderator", client: client)
            #expect(without.status == .unauthorized)
            #expect(without.headers[.wwwAuthenticate] == "Bearer")
            #expect(try without.problem().type == "https://mitreden.org/problems/second-factor-required")
            #expect(try without.json()["token"] == nil)
            // Only after the password was right: a wrong one still gets the plain answer.
            let wrongPassword = try await client.send(
                .post, "/v1/sessions", json: ["email": "moderator@example.org", "password": "not the password", "totp": totp.code(at: clock.now)])
            #expect(try wrongPassword.problem().type == "https://mitreden.org/problems/unauthenticated")

            let wrongCode = try await Self.login("Moderator", ["totp": "000000"], client: client)
            #expect(try wrongCode.problem().type == "https://mitreden.org/problems/second-factor-rejected")

            let code = totp.code(at: clock.now)
            let with = try await Self.login("Moderator", ["totp": code], client: client)
            #expect(with.status == .created, "\(with.text)")
            // The same code again (replay) is refused, also within its 30 seconds.
            let replay = try await Self.login("Moderator", ["totp": code], client: client)
            #expect(try replay.problem().type == "https://mitreden.org/problems/second-factor-rejected")
            clock.advance(by: 30)
            #expect(try await Self.login("Moderator", ["totp": totp.code(at: clock.now)], client: client).status == .created)
            // A code from one step ago is within the window but older than the one used.
            #expect(try await Self.login("Moderator", ["totp": code], client: client).status == .unauthorized)

            let both = try await Self.login("Moderator", ["totp": "123456", "recoveryCode": "abcd-efgh-ijkl-mnop"], client: client)
            #expect(both.status == .unprocessableContent)
        }
    }

    @Test func oneCodeSentSeveralTimesAtOnceLogsInOnce() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: {
            $0.clock = clock.clock
            // Eight attempts at once: the throttle is not what this test is about.
            $0.accounts.loginFailuresPerAccount = 20
        }) { client, database in
            let fixtures = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await fixtures.account("Doppelt", role: .admin)
            let (totp, codes) = try await Self.enrol(try await fixtures.login("Doppelt"), client: client, clock: clock)
            clock.advance(by: 30)
            let code = totp.code(at: clock.now)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await Self.login("Doppelt", ["totp": code], client: client).status.code }
                    group.addTask { try await Self.login("Doppelt", ["recoveryCode": codes[0]], client: client).status.code }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 2, "\(statuses)")
            #expect(statuses.filter { $0 == 401 }.count == 6, "\(statuses)")
        }
    }

    @Test func aRecoveryCodeReplacesTheCodeOnce() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await fixtures.account("Admina", role: .admin)
            let (_, codes) = try await Self.enrol(try await fixtures.login("Admina"), client: client, clock: clock)
            let typed = codes[3].uppercased().replacingOccurrences(of: "-", with: " ")
            let login = try await Self.login("Admina", ["recoveryCode": typed], client: client)
            #expect(login.status == .created, "\(login.text)")
            let again = try await Self.login("Admina", ["recoveryCode": codes[3]], client: client)
            #expect(try again.problem().type == "https://mitreden.org/problems/second-factor-rejected")
            let token = try #require(try login.json()["token"] as? String)
            let status = try await client.send(.get, "/v1/me/mfa", token: token).json()
            #expect(status["enrolled"] as? Bool == true)
            #expect(status["recoveryCodesLeft"] as? Int == 9)
            // The personal-data export says the factor exists and how many codes are left,
            // never the secret or a code.
            let export = try await client.send(.get, "/v1/me/export", token: token)
            let factor = try #require(try export.json()["secondFactor"] as? [String: Any])
            #expect(factor["unusedRecoveryCodes"] as? Int == 9 && factor["confirmedAt"] is String)
            #expect(codes.allSatisfy { !export.text.contains($0) } && !export.text.contains("secret"))
        }
    }

    @Test func confirmingEndsTheOtherSessionsAndIsAudited() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await fixtures.account("Verwalter", role: .admin)
            let elsewhere = try await fixtures.login("Verwalter")
            let here = try await fixtures.login("Verwalter")
            _ = try await Self.enrol(here, client: client, clock: clock)
            #expect(try await client.send(.get, "/v1/me", token: elsewhere).status == .unauthorized)
            #expect(try await client.send(.get, "/v1/me", token: here).status == .ok)
            let actions = try await database.query("SELECT action, actor_label FROM audit_events WHERE action LIKE 'account.mfa%'")
                .map { try $0.decode((String, String).self) }
            #expect(actions.map(\.0) == ["account.mfa-enrol"])
            #expect(actions.map(\.1) == ["self"])
        }
    }

    @Test func enrolmentIsForStaffAndConfirmedOnlyWithTheCurrentCode() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await fixtures.account("Buerger")
            let participant = try await fixtures.login("Buerger")
            let refused = try await client.send(.post, "/v1/me/mfa/totp", token: participant)
            #expect(refused.status == .forbidden)
            #expect(try refused.problem().type == "https://mitreden.org/problems/forbidden")

            try await fixtures.account("Chefin", role: .admin)
            let token = try await fixtures.login("Chefin")
            let early = try await client.send(.post, "/v1/me/mfa/totp/confirm", json: ["code": "123456"], token: token)
            #expect(early.status == .conflict)
            let started = try await client.send(.post, "/v1/me/mfa/totp", token: token).json()
            let secret = try #require(started["secret"] as? String)
            let totp = TOTP(secret: try #require(Base32.decode(secret)))
            let malformed = try await client.send(.post, "/v1/me/mfa/totp/confirm", json: ["code": "12ab56"], token: token)
            #expect(try malformed.problem().errors?.map(\.field) == ["code"])
            let stale = try await client.send(
                .post, "/v1/me/mfa/totp/confirm", json: ["code": totp.code(at: clock.now.addingTimeInterval(-90))], token: token)
            #expect(stale.status == .unprocessableContent)
            #expect(try await client.send(.get, "/v1/me/mfa", token: token).json()["enrolled"] as? Bool == false)
            let confirmed = try await client.send(.post, "/v1/me/mfa/totp/confirm", json: ["code": totp.code(at: clock.now)], token: token)
            #expect(confirmed.status == .noContent)
            let again = try await client.send(.post, "/v1/me/mfa/totp", token: token)
            #expect(again.status == .conflict)
            #expect(try await client.send(.get, "/v1/me/mfa", token: token).json()["enrolled"] as? Bool == true)
        }
    }

    @Test func wrongCodesCountAgainstTheLoginThrottle() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: {
            $0.clock = clock.clock
            $0.accounts.loginFailuresPerAccount = 3
        }) { client, database in
            let fixtures = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await fixtures.account("Kassenwart", role: .admin)
            let (totp, _) = try await Self.enrol(try await fixtures.login("Kassenwart"), client: client, clock: clock)
            clock.advance(by: 30)
            for guess in ["111111", "222222", "333333"] {
                #expect(try await Self.login("Kassenwart", ["totp": guess], client: client).status == .unauthorized)
            }
            let throttled = try await Self.login("Kassenwart", ["totp": totp.code(at: clock.now)], client: client)
            #expect(throttled.status == .tooManyRequests)
        }
    }

    @Test func withStaffMFARequiredStaffCanOnlyEnrolUntilTheyHaveASecondFactor() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: {
            $0.clock = clock.clock
            $0.accounts.staffSecondFactorRequired = true
        }) { client, database in
            let fixtures = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await fixtures.account("Leitung", role: .admin)
            let token = try await fixtures.login("Leitung")
            let blocked = try await client.send(.get, "/v1/me/sessions", token: token)
            #expect(blocked.status == .forbidden)
            #expect(try blocked.problem().type == "https://mitreden.org/problems/second-factor-enrolment-required")
            // Public reads too: a staff session would see drafts there.
            #expect(try await client.send(.get, "/v1/campaigns", token: token).status == .forbidden)
            #expect(try await client.send(.get, "/v1/me", token: token).status == .ok)
            let status = try await client.send(.get, "/v1/me/mfa", token: token).json()
            #expect(status["required"] as? Bool == true && status["enrolled"] as? Bool == false)

            _ = try await Self.enrol(token, client: client, clock: clock)
            #expect(try await client.send(.get, "/v1/me/sessions", token: token).status == .ok)
            #expect(try await client.send(.get, "/v1/campaigns", token: token).status == .ok)

            // Participants are not held to it; a participant given a unit role is, at once.
            let id = try await fixtures.account("Helferin")
            let participant = try await fixtures.login("Helferin")
            #expect(try await client.send(.get, "/v1/me/sessions", token: participant).status == .ok)
            try await fixtures.member(id, of: "gruenflaechen", as: .moderator)
            #expect(try await client.send(.get, "/v1/me/sessions", token: participant).status == .forbidden)
            #expect(try await client.send(.delete, "/v1/sessions/current", token: participant).status == .noContent)
        }
    }

    @Test func erasureRemovesTheSecondFactor() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await fixtures.account("Weggang", role: .admin)
            let token = try await fixtures.login("Weggang")
            _ = try await Self.enrol(token, client: client, clock: clock)
            #expect(try await client.send(.delete, "/v1/me", json: ["password": AccountFixtures.password], token: token).status == .noContent)
            #expect(try await database.query("SELECT count(*) FROM account_totp").first!.decode(Int.self) == 0)
            #expect(try await database.query("SELECT count(*) FROM account_recovery_codes").first!.decode(Int.self) == 0)
        }
    }
}
