import Foundation
import HTTPTypes
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// Browser front ends on the origins of `MITREDEN_CORS_ORIGINS`, and nobody else.
@Suite struct CORSTests {
    static let frontEnd = "https://beteiligung.hamburg.de"

    static func withCORS(_ body: @escaping @Sendable (any TestClientProtocol, Database) async throws -> Void) async throws {
        try await withTestApp(
            configure: {
                $0.corsOrigins = try! AllowedOrigins(parsing: "\(Self.frontEnd), http://localhost:5173")
            }, body)
    }

    @Test func aListedOriginGetsItsOwnOriginBackAndNoCredentialsHeader() async throws {
        try await Self.withCORS { client, _ in
            let response = try await client.send(.get, "/v1/campaigns", headers: [.origin: Self.frontEnd])
            #expect(response.status == .ok)
            #expect(response.headers[.accessControlAllowOrigin] == Self.frontEnd)
            #expect(response.headers[.accessControlExposeHeaders]?.contains("ETag") == true)
            #expect(response.headers[.accessControlAllowCredentials] == nil)
            #expect(response.headers[.vary]?.contains("Origin") == true)
            // Refusals carry them too, so the page can read the problem.
            let refused = try await client.send(.get, "/v1/me", headers: [.origin: "http://localhost:5173"])
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[.accessControlAllowOrigin] == "http://localhost:5173")
        }
    }

    @Test func anOriginNotListedGetsNoCORSHeaders() async throws {
        try await Self.withCORS { client, _ in
            for origin in ["https://evil.example", "https://beteiligung.hamburg.de.evil.example", "null", "http://beteiligung.hamburg.de"] {
                let response = try await client.send(.get, "/v1/campaigns", headers: [.origin: origin])
                #expect(response.status == .ok)
                #expect(response.headers[.accessControlAllowOrigin] == nil, "\(origin)")
            }
        }
    }

    @Test func aPreflightIsAnsweredBeforeAuthentication() async throws {
        try await Self.withCORS { client, _ in
            let preflight = try await client.send(
                .options, "/v1/me",
                headers: [.origin: Self.frontEnd, .accessControlRequestMethod: "DELETE", .accessControlRequestHeaders: "authorization"])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == Self.frontEnd)
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("DELETE") == true)
            #expect(preflight.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
            #expect(preflight.headers[.accessControlAllowHeaders]?.contains("Idempotency-Key") == true)
            #expect(preflight.headers[.accessControlMaxAge] == "600")
            let foreign = try await client.send(
                .options, "/v1/me", headers: [.origin: "https://evil.example", .accessControlRequestMethod: "DELETE"])
            #expect(foreign.status == .forbidden)
            #expect(foreign.headers[.contentType] == "application/problem+json")
            #expect(foreign.headers[.accessControlAllowOrigin] == nil)
            #expect(
                try foreign.json()["detail"] as? String
                    == "pages from https://evil.example may not call this API; MITREDEN_CORS_ORIGINS lists the origins that may")
        }
    }

    @Test func withoutOriginsConfiguredNothingChanges() async throws {
        try await withTestApp { client, _ in
            let response = try await client.send(.get, "/v1/campaigns", headers: [.origin: Self.frontEnd])
            #expect(response.headers[.accessControlAllowOrigin] == nil)
            let preflight = try await client.send(.options, "/v1/me", headers: [.origin: Self.frontEnd, .accessControlRequestMethod: "GET"])
            #expect(preflight.status == .methodNotAllowed)
        }
    }

    @Test func theVariableTakesExactOriginsOnly() throws {
        let parsed = try AllowedOrigins(parsing: " https://Beteiligung.Hamburg.de:443 , http://localhost:5173,")
        #expect(parsed.origins == ["https://beteiligung.hamburg.de", "http://localhost:5173"])
        #expect(parsed.allows("https://beteiligung.hamburg.de"))
        for bad in ["*", "https://*.hamburg.de", "https://beteiligung.hamburg.de/", "beteiligung.hamburg.de", "ftp://x.de", "https://a.de/path"] {
            #expect(throws: OriginListError.self, "\(bad)") { try AllowedOrigins(parsing: bad) }
        }
        let environment = ["MITREDEN_DATABASE_URL": "postgres://u:p@127.0.0.1:5432/d", "MITREDEN_CORS_ORIGINS": "*"]
        #expect(throws: ConfigurationError.self) { try AppConfiguration.fromEnvironment(environment) }
        let fine = try AppConfiguration.fromEnvironment([
            "MITREDEN_DATABASE_URL": "postgres://u:p@127.0.0.1:5432/d", "MITREDEN_CORS_ORIGINS": "https://a.de",
        ])
        #expect(fine.corsOrigins.origins == ["https://a.de"])
    }
}
