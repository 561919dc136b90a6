import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

/// Every error is problem+json with type, title, status, detail and the request id.
@Suite struct ErrorFormatTests {
    @Test func unknownRouteIs404ProblemWithRequestID() async throws {
        try await withTestApp { client, _ in
            let response = try await client.execute(uri: "/v1/nothing-here", method: .get)
            #expect(response.status == .notFound)
            let problem = try response.problem()
            #expect(problem.status == 404)
            #expect(problem.type == "https://mitreden.org/problems/not-found")
            #expect(!problem.title.isEmpty)
            #expect(problem.detail != nil)
            let requestID = try #require(response.headers[.requestIDHeader])
            #expect(problem.instance == "urn:request:\(requestID)")
        }
    }

    @Test func wrongMethodIs405WithAllowHeader() async throws {
        try await withTestApp { client, _ in
            let response = try await client.execute(uri: "/health/ready", method: .delete)
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == "GET")
            let problem = try response.problem()
            #expect(problem.status == 405)
            #expect(problem.detail?.contains("GET") == true)
        }
    }

    @Test func bodyOverTheLimitIs413() async throws {
        try await withTestApp(configure: { $0.bodyLimit = 1024 }) { client, _ in
            let body = ByteBuffer(string: "{\"x\":\"" + String(repeating: "a", count: 2000) + "\"}")
            let response = try await client.execute(
                uri: "/health/live", method: .post, headers: [.contentType: "application/json"], body: body
            )
            #expect(response.status == .contentTooLarge)
            let problem = try response.problem()
            #expect(problem.status == 413)
            #expect(problem.detail?.contains("1024") == true)
        }
    }

    @Test func nonJSONBodyIs415() async throws {
        try await withTestApp { client, _ in
            let response = try await client.execute(
                uri: "/health/live", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "hello")
            )
            #expect(response.status == .unsupportedMediaType)
            let problem = try response.problem()
            #expect(problem.status == 415)
            #expect(problem.detail?.contains("application/json") == true)
        }
    }

    @Test func malformedJSONIs400WithLineAndColumn() async throws {
        try await withTestApp { client, _ in
            let response = try await client.execute(
                uri: "/health/live", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: "{\"status\": \"ok\",\n  \"x\" 1}")
            )
            #expect(response.status == .badRequest)
            let problem = try response.problem()
            #expect(problem.type == "https://mitreden.org/problems/malformed-json")
            // No Accept-Language: German, the position as the code wrote it.
            #expect(problem.detail?.contains("Zeile 2, Spalte 7") == true, "detail: \(problem.detail ?? "")")
        }
    }

    @Test func wellFormedClientRequestIDIsKeptAndOthersReplaced() async throws {
        try await withTestApp { client, _ in
            let kept = try await client.execute(uri: "/health/live", method: .get, headers: [.requestIDHeader: "abc-12345678"])
            #expect(kept.headers[.requestIDHeader] == "abc-12345678")
            let replaced = try await client.execute(
                uri: "/health/live", method: .get, headers: [.requestIDHeader: "bad id\" with quotes"]
            )
            #expect(replaced.headers[.requestIDHeader] != "bad id\" with quotes")
            #expect(replaced.headers[.requestIDHeader]?.count == 36)
        }
    }
}
