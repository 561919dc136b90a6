import Foundation
import HTTPTypes
import MitredenStore
import OpenAPIRuntime
import TestSupport
import Testing

@testable import MitredenAPI

@Suite struct LogSafetyTests {
    static let password = "Geheimes Passwort 4711 Ω"

    /// A registration that fails inside the service: the OpenAPI runtime wraps the error
    /// with the decoded input, plaintext password and all, and the problem middleware logs it.
    @Test func aRegistrationThatFailsUnexpectedlyLogsNeitherItsPasswordNorItsAddress() async throws {
        let capture = LogCapture()
        try await withTestApp(logger: capture.logger()) { client, database in
            // A column the registration reads is gone: a real bug's 500, not a test route.
            try await database.query("ALTER TABLE accounts RENAME COLUMN display_name TO display_name_gone")
            let response = try await client.send(
                .post, "/v1/accounts", json: ["email": "lea@example.org", "password": Self.password, "displayName": "Lea"])
            #expect(response.status == .internalServerError)
            let logged = capture.entries.filter { $0.message == "unexpected error" }
            #expect(logged.count == 1)
            #expect(logged.first?.level == .error)
            #expect(logged.first?.metadata["error_type"]?.contains("ServerError") == true, "\(logged.map(\.text))")
            // Still enough to find the bug: the operation and PostgreSQL's code.
            #expect(logged.first?.metadata["error"]?.contains("registerAccount") == true, "\(logged.map(\.text))")
            #expect(logged.first?.metadata["error"]?.contains("42703") == true, "\(logged.map(\.text))")
            let leaks = capture.entries.filter { $0.text.contains("Geheimes Passwort") || $0.text.contains("lea@example.org") }
            #expect(leaks.isEmpty, "\(leaks.map(\.text))")
        }
    }

    /// The same, without a database: a ServerError as the runtime builds it, carrying a
    /// request with a bearer token, the raw body and the decoded input.
    @Test func theDescriptionOfAWrappedErrorCarriesNoRequestData() throws {
        struct Input: Sendable { var email = "lea@example.org"; var password = LogSafetyTests.password }
        let body = #"{"email":"lea@example.org","password":"\#(Self.password)"}"#
        var request = HTTPRequest(method: .post, scheme: "http", authority: "localhost", path: "/v1/accounts")
        request.headerFields[.authorization] = "Bearer s3cr3t-session-token"
        let error = ServerError(
            operationID: "registerAccount", request: request, requestBody: HTTPBody(body), requestMetadata: .init(),
            operationInput: Input(), causeDescription: "Unknown", underlyingError: ServiceError.unexpected("SQLSTATE 42703"))
        // What was logged before: the runtime's own description holds all of it.
        #expect(String(reflecting: error).contains(Self.password))
        let described = ErrorLogDescription.describe(error) + " " + ErrorLogDescription.type(of: error)
        for secret in [Self.password, "lea@example.org", "s3cr3t-session-token"] {
            #expect(!described.contains(secret), "\(described)")
        }
        #expect(described.contains("registerAccount") && described.contains("42703"))
    }
}
