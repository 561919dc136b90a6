import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

@Suite struct RegistrationTests {
    static let valid: [String: any Sendable] = [
        "email": "Anna.Example@Example.org ", "password": "a long and unusual passphrase", "displayName": "Anna K", "district": "Altstadt",
    ]

    @Test func registeringVerifyingAndLoggingInWorks() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            let registered = try await client.send(.post, "/v1/accounts", json: Self.valid)
            #expect(registered.status == .accepted)
            #expect(!registered.text.contains("anna"))
            // The address is stored normalised and the mail goes there.
            let token = try #require(try await fixtures.verificationToken(for: "anna.example@example.org"))

            let login = try await client.send(
                .post, "/v1/sessions", json: ["email": "ANNA.example@example.org", "password": "a long and unusual passphrase"])
            #expect(login.status == .created)
            let session = try login.json()
            let bearer = try #require(session["token"] as? String)
            #expect(bearer.count >= 43)
            #expect((session["account"] as? [String: Any])?["verified"] as? Bool == false)

            #expect(try await client.send(.post, "/v1/accounts/verify", json: ["token": token]).status == .noContent)
            let me = try await client.send(.get, "/v1/me", token: bearer)
            #expect(me.status == .ok)
            let body = try me.json()
            #expect(body["verified"] as? Bool == true)
            #expect(body["displayName"] as? String == "Anna K")
            #expect(body["district"] as? String == "Altstadt")
            #expect(body["role"] as? String == "participant")
            let export = try await client.send(.get, "/v1/me/export", token: bearer).json()
            let verifications = export["verifications"] as? [[String: Any]]
            #expect(verifications?.count == 1)
            #expect(verifications?.first?["usedAt"] is String)
            #expect((export["mails"] as? [[String: Any]])?.first?["subject"] as? String == "Mitreden: confirm your e-mail address")

            // Single use.
            let again = try await client.send(.post, "/v1/accounts/verify", json: ["token": token])
            #expect(again.status == .unprocessableContent)
            #expect(try again.problem().errors?.map(\.field) == ["token"])
        }
    }

    @Test func verificationTokensExpire() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = AccountFixtures(client: client, database: database, clock: clock.clock)
            #expect(try await client.send(.post, "/v1/accounts", json: Self.valid).status == .accepted)
            let token = try #require(try await fixtures.verificationToken(for: "anna.example@example.org"))
            clock.advance(by: 48 * 3600 + 1)
            #expect(try await client.send(.post, "/v1/accounts/verify", json: ["token": token]).status == .unprocessableContent)
        }
    }

    @Test func registeringAKnownAddressAnswersLikeANewOneAndMailsTheOwner() async throws {
        try await withTestApp { client, database in
            let first = try await client.send(.post, "/v1/accounts", json: Self.valid)
            var second = Self.valid
            second["displayName"] = "Someone Else"
            let repeated = try await client.send(.post, "/v1/accounts", json: second)
            var fresh = Self.valid
            fresh["email"] = "nobody@example.org"
            fresh["displayName"] = "Nobody Yet"
            let new = try await client.send(.post, "/v1/accounts", json: fresh)
            #expect(first.status == .accepted)
            #expect(repeated.status == new.status)
            #expect(repeated.text == new.text)
            let mails = try await Outbox.all(to: "anna.example@example.org", on: database)
            #expect(mails.count == 2)
            #expect(mails.last?.subject == "Mitreden: someone tried to register with your address")
            let count = try await database.query("SELECT count(*) FROM accounts").first!.decode(Int.self)
            #expect(count == 2)
        }
    }

    @Test(arguments: [
        ("email", "not-an-address" as any Sendable),
        ("email", "two@@example.org"),
        ("password", "short"),
        ("password", String(repeating: "x", count: 257)),
        ("password", "Password123"),
        ("password", "qwertyuiop"),
        ("displayName", "ab"),
        ("displayName", String(repeating: "n", count: 41)),
        ("displayName", "anna@example.org"),
        ("displayName", " padded "),
        ("district", ""),
    ])
    func eachInvalidFieldIsA422NamingIt(field: String, value: any Sendable) async throws {
        try await withTestApp { client, _ in
            var body = Self.valid
            body[field] = value
            let response = try await client.send(.post, "/v1/accounts", json: body)
            #expect(response.status == .unprocessableContent)
            let problem = try response.problem()
            #expect(problem.errors?.map(\.field) == [field])
        }
    }

    /// A `,` or `;` would add a recipient to the verification mail, `<`, `>`, `:`, quotes
    /// and the backslash change how the To header is read, a line break would add headers.
    @Test(arguments: [
        "buergermeister,attacker@evil.example", "buergermeister;attacker@evil.example", "Bürgermeister <anna@example.org>",
        "anna@example.org>", "\"anna\"@example.org", "anna\\@example.org", "anna:x@example.org", "anna@example.org\r\nBcc: x@evil.example",
        "an na@example.org", "anna@localhost", "anna@example..org", ".anna@example.org", "anna.@example.org", "anna@-example.org",
        "anna@example.org,", "anna(x)@example.org", "anna@ex_ample.org",
    ])
    func addressesThatCouldAddRecipientsOrHeadersAreA422NamingEmail(email: String) async throws {
        try await withTestApp { client, database in
            var body = Self.valid
            body["email"] = email
            let response = try await client.send(.post, "/v1/accounts", json: body)
            #expect(response.status == .unprocessableContent, "\(email)")
            #expect(try response.problem().errors?.map(\.field) == ["email"], "\(email)")
            #expect(try await Outbox.pending(on: database).isEmpty)
        }
    }

    @Test(arguments: ["o'brien+mitreden@example.org", "a.b-c_d@sub.example.co.uk", "anna@xn--mnchen-3ya.de", "jürgen@münchen.de"])
    func addressesOfRealPeopleAreAccepted(email: String) async throws {
        try await withTestApp { client, _ in
            var body = Self.valid
            body["email"] = email
            let response = try await client.send(.post, "/v1/accounts", json: body)
            #expect(response.status == .accepted, "\(email): \(response.text)")
        }
    }

    @Test(arguments: ["email", "password", "displayName"])
    func aMissingFieldIsA422NamingIt(field: String) async throws {
        try await withTestApp { client, _ in
            var body = Self.valid
            body[field] = nil
            let response = try await client.send(.post, "/v1/accounts", json: body)
            #expect(response.status == .unprocessableContent)
            #expect(try response.problem().errors?.map(\.field) == [field])
        }
    }

    @Test func aTakenDisplayNameIsA422WhateverTheAddress() async throws {
        try await withTestApp { client, _ in
            #expect(try await client.send(.post, "/v1/accounts", json: Self.valid).status == .accepted)
            var other = Self.valid
            other["email"] = "other@example.org"
            other["displayName"] = "anna k"
            let response = try await client.send(.post, "/v1/accounts", json: other)
            #expect(response.status == .unprocessableContent)
            #expect(try response.problem().errors?.map(\.field) == ["displayName"])
        }
    }

    @Test func unknownFieldsAreRejected() async throws {
        try await withTestApp { client, database in
            var body = Self.valid
            body["role"] = "admin"
            let response = try await client.send(.post, "/v1/accounts", json: body)
            #expect(response.status == .badRequest)
            let problem = try response.problem()
            #expect(problem.type == "https://mitreden.org/problems/unknown-field")
            #expect(problem.errors?.map(\.field) == ["role"])
            let count = try await database.query("SELECT count(*) FROM accounts").first!.decode(Int.self)
            #expect(count == 0)
        }
    }

    @Test func passwordsAreStoredAsBcryptHashes() async throws {
        try await withTestApp { client, database in
            #expect(try await client.send(.post, "/v1/accounts", json: Self.valid).status == .accepted)
            let hash = try await database.query("SELECT password_hash FROM accounts").first!.decode(String.self)
            #expect(hash.hasPrefix("$2"))
            #expect(!hash.contains("passphrase"))
        }
    }
}
