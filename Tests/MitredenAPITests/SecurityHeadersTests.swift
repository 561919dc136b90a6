import Foundation
import HTTPTypes
import HummingbirdTesting
import MitredenAPI
import MitredenStore
import TestSupport
import Testing

/// Every answer tells the browser not to sniff, frame or refer, whatever produced it.
@Suite struct SecurityHeadersTests {
    static let apiPolicy = "default-src 'none'; frame-ancestors 'none'"
    static let reportPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"

    static func expectSecurityHeaders(
        _ response: TestResponse, policy: String = apiPolicy, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let headers = response.headers
        #expect(headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", "\(what)", sourceLocation: sourceLocation)
        #expect(headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(what)", sourceLocation: sourceLocation)
        #expect(headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(what)", sourceLocation: sourceLocation)
        #expect(headers[.contentSecurityPolicy] == policy, "\(what)", sourceLocation: sourceLocation)
        #expect(headers[values: .contentSecurityPolicy].count == 1, "\(what)", sourceLocation: sourceLocation)
    }

    @Test func successesRefusalsAndErrorsAllCarryTheHeaders() async throws {
        try await withTestApp { client, database in
            Self.expectSecurityHeaders(try await client.send(.get, "/health/live"), "200")
            Self.expectSecurityHeaders(try await client.send(.get, "/openapi.yaml"), "the API document")
            Self.expectSecurityHeaders(try await client.send(.get, "/no/such/route"), "404 of the router")
            Self.expectSecurityHeaders(try await client.send(.delete, "/health/live"), "405")
            Self.expectSecurityHeaders(try await client.send(.get, "/v1/me"), "401")
            let invalid = try await client.send(.post, "/v1/accounts", json: ["email": "a,b@example.org", "password": "x", "displayName": "Ab"])
            #expect(invalid.status == .unprocessableContent)
            Self.expectSecurityHeaders(invalid, "422")
            _ = try await database.query("ALTER TABLE accounts RENAME COLUMN display_name TO display_name_gone")
            let broken = try await client.send(
                .post, "/v1/accounts", json: ["email": "lea@example.org", "password": "a long and unusual passphrase", "displayName": "Lea"])
            #expect(broken.status == .internalServerError)
            Self.expectSecurityHeaders(broken, "500")
        }
    }

    @Test func streamedExportsCarryThemAndTheReportGetsItsOwnPolicy() async throws {
        try await withTestApp { client, database in
            _ = try await ExportFixtures(database: database).make(phases: ExportTests.phases(resultsNow: true))
            let token = try await ExportTests.staffToken(client, database)
            let report = try await client.send(.get, "/v1/campaigns/haushalt/exports/report.html", token: token)
            #expect(report.status == .ok)
            #expect(report.headers[.contentType]?.hasPrefix("text/html") == true)
            Self.expectSecurityHeaders(report, policy: Self.reportPolicy, "report.html")
            let csv = try await client.send(.get, "/v1/campaigns/haushalt/exports/proposals.csv", token: token)
            #expect(csv.status == .ok)
            Self.expectSecurityHeaders(csv, "proposals.csv")
            Self.expectSecurityHeaders(try await client.send(.get, "/v1/campaigns/haushalt/exports/nothing.csv", token: token), "404 export")
        }
    }
}
