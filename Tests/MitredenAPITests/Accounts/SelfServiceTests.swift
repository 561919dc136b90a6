import Foundation
import HTTPTypes
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// Citizens manage their own accounts: new verification mail, forgotten password, new
/// password, name and address, erasure with the password; unverified accounts expire.
/// The test client asks for English (`Accept-Language: en`), so the mails here are English;
/// German, the default, is tested in `GermanFirstTests` and `mailsSpeakEnglishWhenTheRequestPrefersIt`.
@Suite struct SelfServiceTests {
    static let newPassword = "eine ganz neue Passphrase"

    @Test func aForgottenPasswordIsResetOnceWithTheMailedCodeAndEveryOldSessionEnds() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await fixtures.account("Paula")
            let old = try await fixtures.login("Paula")
            let known = try await client.send(.post, "/v1/accounts/password-reset", json: ["email": "paula@example.org"])
            let unknown = try await client.send(.post, "/v1/accounts/password-reset", json: ["email": "niemand@example.org"])
            #expect(known.status == .accepted)
            #expect(known.status == unknown.status && known.text == unknown.text)
            #expect(try await Outbox.all(to: "niemand@example.org", on: database).isEmpty)
            let code = try #require(try await fixtures.mailedCode(to: "paula@example.org") { $0 == "Mitreden: reset your password" })

            let weak = try await client.send(.post, "/v1/accounts/password-reset/confirm", json: ["token": code, "newPassword": "kurz"])
            #expect(try weak.problem().errors?.map(\.field) == ["newPassword"])
            let reset = try await client.send(.post, "/v1/accounts/password-reset/confirm", json: ["token": code, "newPassword": Self.newPassword])
            #expect(reset.status == .noContent, "\(reset.text)")
            #expect(try await client.send(.get, "/v1/me", token: old).status == .unauthorized)
            #expect(
                try await client.send(.post, "/v1/sessions", json: ["email": "paula@example.org", "password": AccountFixtures.password]).status
                    == .unauthorized)
            _ = try await fixtures.login("Paula", password: Self.newPassword)
            let again = try await client.send(
                .post, "/v1/accounts/password-reset/confirm", json: ["token": code, "newPassword": "noch eine neue Passphrase"])
            #expect(again.status == .unprocessableContent)
            #expect(try again.problem().errors?.map(\.field) == ["token"])
            #expect(try await Outbox.all(to: "paula@example.org", on: database).last?.subject == "Mitreden: your password was changed")

            // A code works for an hour, and only the newest one.
            _ = try await client.send(.post, "/v1/accounts/password-reset", json: ["email": "paula@example.org"])
            let first = try #require(try await fixtures.mailedCode(to: "paula@example.org") { $0.contains("reset your password") })
            _ = try await client.send(.post, "/v1/accounts/password-reset", json: ["email": "paula@example.org"])
            let newest = try #require(try await fixtures.mailedCode(to: "paula@example.org") { $0.contains("reset your password") })
            #expect(first != newest)
            let superseded = try await client.send(
                .post, "/v1/accounts/password-reset/confirm", json: ["token": first, "newPassword": "noch eine neue Passphrase"])
            #expect(superseded.status == .unprocessableContent)
            clock.advance(by: 3601)
            let expired = try await client.send(
                .post, "/v1/accounts/password-reset/confirm", json: ["token": newest, "newPassword": "noch eine neue Passphrase"])
            #expect(expired.status == .unprocessableContent)
        }
    }

    @Test func mailRequestsByAddressAreLimitedAlikeForKnownAndUnknownAddresses() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            try await fixtures.account("Paula")
            for address in ["paula@example.org", "niemand@example.org"] {
                var statuses: [HTTPResponse.Status] = []
                for _ in 0..<4 { statuses.append(try await client.send(.post, "/v1/accounts/password-reset", json: ["email": address]).status) }
                #expect(statuses == [.accepted, .accepted, .accepted, .tooManyRequests], "\(address)")
            }
            let malformed = try await client.send(.post, "/v1/accounts/password-reset", json: ["email": "paula,evil@example.org"])
            #expect(try malformed.problem().errors?.map(\.field) == ["email"])
        }
    }

    @Test func aNewVerificationCodeReplacesTheExpiredOneAndOnlyUnverifiedAccountsGetOne() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = AccountFixtures(client: client, database: database, clock: clock.clock)
            let registration: [String: any Sendable] = [
                "email": "neu@example.org", "password": AccountFixtures.password, "displayName": "Neuling",
            ]
            #expect(try await client.send(.post, "/v1/accounts", json: registration).status == .accepted)
            let expiring = try #require(try await fixtures.verificationToken(for: "neu@example.org"))
            clock.advance(by: 49 * 3600)
            #expect(try await client.send(.post, "/v1/accounts/verify", json: ["token": expiring]).status == .unprocessableContent)
            let resent = try await client.send(.post, "/v1/accounts/verification-mail", json: ["email": "neu@example.org"])
            #expect(resent.status == .accepted)
            let fresh = try #require(try await fixtures.verificationToken(for: "neu@example.org"))
            #expect(fresh != expiring)
            #expect(try await client.send(.post, "/v1/accounts/verify", json: ["token": fresh]).status == .noContent)

            // Verified and unknown addresses get the same answer and no mail.
            let mails = try await Outbox.all(to: "neu@example.org", on: database).count
            let verified = try await client.send(.post, "/v1/accounts/verification-mail", json: ["email": "neu@example.org"])
            let unknown = try await client.send(.post, "/v1/accounts/verification-mail", json: ["email": "niemand@example.org"])
            #expect(verified.status == unknown.status && verified.text == unknown.text)
            #expect(try await Outbox.all(to: "neu@example.org", on: database).count == mails)
            #expect(try await Outbox.all(to: "niemand@example.org", on: database).isEmpty)
        }
    }

    @Test func thePasswordChangesOnlyWithTheCurrentOneAndOtherSessionsEnd() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            try await fixtures.account("Paula")
            let here = try await fixtures.login("Paula")
            let elsewhere = try await fixtures.login("Paula")
            let wrong = try await client.send(
                .put, "/v1/me/password", json: ["currentPassword": "falsch geraten", "newPassword": Self.newPassword], token: here)
            #expect(try wrong.problem().errors?.map(\.field) == ["currentPassword"])
            let changed = try await client.send(
                .put, "/v1/me/password", json: ["currentPassword": AccountFixtures.password, "newPassword": Self.newPassword], token: here)
            #expect(changed.status == .noContent, "\(changed.text)")
            #expect(try await client.send(.get, "/v1/me", token: here).status == .ok)
            #expect(try await client.send(.get, "/v1/me", token: elsewhere).status == .unauthorized)
            _ = try await fixtures.login("Paula", password: Self.newPassword)
            #expect(try await client.send(.put, "/v1/me/password", json: ["currentPassword": "x", "newPassword": "y"]).status == .unauthorized)
        }
    }

    @Test func theDisplayNameChangesWithinTheRegistrationsRules() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            try await fixtures.account("Paula")
            try await fixtures.account("Otto")
            let token = try await fixtures.login("Paula")
            for (name, field) in [("otto", "displayName"), ("ab", "displayName"), ("paula@example.org", "displayName")] {
                let refused = try await client.send(.patch, "/v1/me", json: ["displayName": name], token: token)
                #expect(try refused.problem().errors?.map(\.field) == [field], "\(name)")
            }
            let renamed = try await client.send(.patch, "/v1/me", json: ["displayName": "Paula vom Domplatz"], token: token)
            #expect(renamed.status == .ok)
            #expect(try renamed.json()["displayName"] as? String == "Paula vom Domplatz")
            // A change of case of one's own name is not "taken".
            #expect(try await client.send(.patch, "/v1/me", json: ["displayName": "paula vom domplatz"], token: token).status == .ok)
        }
    }

    @Test func anAddressChangeIsConfirmedAtTheNewAddressTheOldIsToldAndErasureLeavesNeither() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            try await fixtures.account("Paula")
            try await fixtures.account("Otto")
            let token = try await fixtures.login("Paula")
            let wrong = try await client.send(
                .post, "/v1/me/email", json: ["newEmail": "paula.neu@example.org", "password": "falsch geraten"], token: token)
            #expect(try wrong.problem().errors?.map(\.field) == ["password"])
            let taken = try await client.send(
                .post, "/v1/me/email", json: ["newEmail": "otto@example.org", "password": AccountFixtures.password], token: token)
            let requested = try await client.send(
                .post, "/v1/me/email", json: ["newEmail": "Paula.Neu@example.org", "password": AccountFixtures.password], token: token)
            #expect(requested.status == .accepted)
            #expect(taken.status == requested.status && taken.text == requested.text)
            #expect(try await Outbox.all(to: "otto@example.org", on: database).last?.subject.contains("register") == true)
            let code = try #require(try await fixtures.mailedCode(to: "paula.neu@example.org") { $0.contains("new e-mail address") })
            // Nothing changes before the code comes back.
            #expect(try await client.send(.get, "/v1/me", token: token).json()["email"] as? String == "paula@example.org")
            #expect(try await client.send(.post, "/v1/accounts/email-change/confirm", json: ["token": code]).status == .noContent)
            #expect(try await client.send(.get, "/v1/me", token: token).json()["email"] as? String == "paula.neu@example.org")
            let told = try #require(try await Outbox.all(to: "paula@example.org", on: database).last)
            #expect(told.subject == "Mitreden: your e-mail address was changed")
            #expect(told.body.contains("p***@example.org") && !told.body.contains("paula.neu"))
            #expect(try await client.send(.post, "/v1/accounts/email-change/confirm", json: ["token": code]).status == .unprocessableContent)
            let relogin = try await client.send(
                .post, "/v1/sessions", json: ["email": "paula.neu@example.org", "password": AccountFixtures.password])
            #expect(relogin.status == .created)

            // Erasure asks for the password, then leaves neither address anywhere.
            let refused = try await client.send(.delete, "/v1/me", json: ["password": "falsch geraten"], token: token)
            #expect(try refused.problem().errors?.map(\.field) == ["password"])
            #expect(try await client.send(.delete, "/v1/me", token: token).status == .badRequest)
            #expect(try await client.send(.delete, "/v1/me", json: ["password": AccountFixtures.password], token: token).status == .noContent)
            #expect(try await PersonalDataTests.occurrences(of: ["paula@example.org", "paula.neu@example.org"], in: database) == 0)
        }
    }

    @Test func mailsSpeakEnglishWhenTheRequestPrefersIt() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            try await fixtures.account("Paula")
            let english: HTTPFields = [.acceptLanguage: "en-GB, de;q=0.5"]
            #expect(
                try await client.send(.post, "/v1/accounts/password-reset", json: ["email": "paula@example.org"], headers: english).status
                    == .accepted)
            #expect(try await Outbox.all(to: "paula@example.org", on: database).last?.subject == "Mitreden: reset your password")
            let french: HTTPFields = [.acceptLanguage: "fr-FR"]
            _ = try await client.send(.post, "/v1/accounts/password-reset", json: ["email": "paula@example.org"], headers: french)
            #expect(try await Outbox.all(to: "paula@example.org", on: database).last?.subject == "Mitreden: Ihr Passwort zurücksetzen")
        }
    }

    @Test func accountsNeverVerifiedAreErasedAfterTheirTimeAndFreeTheirNameAndAddress() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { (client: any TestClientProtocol, database: Database) async throws -> Void in
            let registration: [String: any Sendable] = [
                "email": "vergessen@example.org", "password": AccountFixtures.password, "displayName": "Vergesslich",
            ]
            #expect(try await client.send(.post, "/v1/accounts", json: registration).status == .accepted)
            var settings = AccountSettings()
            settings.bcryptCost = 4
            let service = AccountService(database: database, settings: settings, clock: clock.clock)
            #expect(try await service.eraseUnverified() == 0)
            clock.advance(by: settings.unverifiedAccountLifetime - 60)
            #expect(try await service.eraseUnverified() == 0)
            clock.advance(by: 120)
            #expect(try await service.eraseUnverified() == 1)
            #expect(try await PersonalDataTests.occurrences(of: ["vergessen@example.org", "Vergesslich"], in: database) == 0)
            #expect(try await client.send(.post, "/v1/accounts", json: registration).status == .accepted)
            #expect(try await database.query("SELECT count(*)::int FROM accounts WHERE status = 'active'")[0].decode(Int.self) == 1)
        }
    }
}
