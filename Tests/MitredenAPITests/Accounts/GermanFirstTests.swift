import Foundation
import HTTPTypes
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import NIOCore
import TestSupport
import Testing

/// Hamburg's citizens read German: error texts are German unless the request
/// (`Accept-Language`) or the account asks for English; an account keeps the language it
/// registered in and can change it.
@Suite struct GermanFirstTests {
    /// A request exactly as given: the test client's helpers ask for English by default.
    static func plain(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, json: [String: any Sendable]? = nil,
        token: String? = nil, language: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let language { headers[.acceptLanguage] = language }
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body)
    }

    @Test func problemsAreGermanUnlessTheRequestAsksForEnglish() async throws {
        try await withTestApp { client, _ in
            let body: [String: any Sendable] = ["email": "kein-at-zeichen", "password": "kurz", "displayName": "A"]
            let german = try await Self.plain(client, .post, "/v1/accounts", json: body).problem()
            #expect(german.title == "Einige Angaben sind ungültig", "\(german.title)")
            #expect(Set(german.errors?.map(\.field) ?? []) == ["email", "password", "displayName"])
            // Field names and the problem type stay as they are, so clients can act on them.
            #expect(german.type == "https://mitreden.org/problems/validation")
            #expect(german.errors?.allSatisfy { !$0.message.isEmpty } == true)
            #expect(german.detail?.contains("email: ") == true)

            let english = try await Self.plain(client, .post, "/v1/accounts", json: body, language: "en-GB,en;q=0.9").problem()
            #expect(english.title == "Some fields are not valid")
            #expect(english.errors?.map(\.field) == german.errors?.map(\.field))
            #expect(english.errors?.map(\.message) != german.errors?.map(\.message))

            // A language we do not speak falls back to German.
            let notFound = try await Self.plain(client, .get, "/v1/campaigns/gibt-es-nicht", language: "fr").problem()
            #expect(notFound.title == "Nicht gefunden")
            #expect(notFound.detail?.contains("gibt-es-nicht") == true)
        }
    }

    @Test func anAccountThatChoseEnglishGetsEnglishWhenTheRequestSaysNothing() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            try await fixtures.account("Paula")
            let token = try await fixtures.login("Paula")
            let me = try await Self.plain(client, .get, "/v1/me", token: token).json()
            #expect(me["language"] as? String == "de")
            let missing = try await Self.plain(client, .get, "/v1/campaigns/nirgends", token: token).problem()
            #expect(missing.title == "Nicht gefunden")

            let changed = try await Self.plain(client, .patch, "/v1/me", json: ["language": "en"], token: token)
            #expect(changed.status == .ok)
            #expect(try changed.json()["language"] as? String == "en")
            #expect(try await Self.plain(client, .get, "/v1/campaigns/nirgends", token: token).problem().title == "Not found")
            // The request's own header still decides for that request.
            #expect(try await Self.plain(client, .get, "/v1/campaigns/nirgends", token: token, language: "de").problem().title == "Nicht gefunden")

            let invalid = try await Self.plain(client, .patch, "/v1/me", json: ["language": "fr"], token: token)
            #expect(invalid.status == .unprocessableContent || invalid.status == .badRequest, "\(invalid.status)")
            let empty = try await Self.plain(client, .patch, "/v1/me", json: [:], token: token)
            #expect(empty.status == .unprocessableContent || empty.status == .badRequest, "\(empty.status)")
        }
    }

    @Test func aRegistrationKeepsTheLanguageItWasMadeInForItsMails() async throws {
        try await withTestApp { client, database in
            for (address, language, subject) in [
                ("lena@example.org", nil, "Mitreden: Bitte bestätigen Sie Ihre E-Mail-Adresse"),
                ("liam@example.org", "en", "Mitreden: confirm your e-mail address"),
            ] as [(String, String?, String)] {
                let name = String(address.prefix { $0 != "@" }).capitalized
                let answer = try await Self.plain(
                    client, .post, "/v1/accounts", json: ["email": address, "password": "eine lange Passphrase", "displayName": name],
                    language: language)
                #expect(answer.status == .accepted)
                #expect(try await Outbox.all(to: address, on: database).last?.subject == subject)
                let stored = try await database.query("SELECT language FROM accounts WHERE email = \(address)")
                #expect(try stored.first?.decode(String.self) == (language ?? "de"))
            }
        }
    }
}

extension GermanFirstTests {
    @Test func csvColumnsAreGermanUnlessEnglishIsAskedFor() async throws {
        try await withTestApp { client, database in
            _ = try await ExportFixtures(database: database).make(phases: ExportTests.phases(resultsNow: true))
            let token = try await ExportTests.staffToken(client, database)
            let path = "/v1/campaigns/haushalt/exports/proposals.csv"
            let german = CSVReader.rows(try await Self.plain(client, .get, path, token: token).text)
            #expect(german.first == ProposalsCSVExport.germanHeader)
            #expect(german.first?.contains("Unterstützungen") == true)
            let english = CSVReader.rows(try await Self.plain(client, .get, path, token: token, language: "en").text)
            #expect(english.first == ProposalsCSVExport.header)
            let asked = CSVReader.rows(try await Self.plain(client, .get, path + "?lang=en", token: token, language: "de").text)
            #expect(asked.first == ProposalsCSVExport.header)
            let comments = CSVReader.rows(try await Self.plain(client, .get, "/v1/campaigns/haushalt/exports/comments.csv", token: token).text)
            #expect(comments.first == CommentsCSVExport.germanHeader)
            // The rows are the same whatever the language.
            #expect(Array(german.dropFirst()) == Array(english.dropFirst()))
        }
    }
}
