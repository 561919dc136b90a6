import Foundation
import HTTPTypes
import HummingbirdTesting
import MitredenAPI
import TestSupport
import Testing

/// Every operation in openapi.yaml answers on its path and method: a route left out of
/// the generator's filter, or a streamed route never registered, shows up here.
@Suite struct DocumentedRoutesTests {
    static func documentedOperations(securedOnly: Bool = false) throws -> [(method: HTTPRequest.Method, path: String)] {
        let text = try String(contentsOf: TestCluster.repositoryRoot.appending(path: "Sources/MitredenOpenAPI/openapi.yaml"), encoding: .utf8)
        var operations: [(HTTPRequest.Method, String)] = []
        var path: String?
        var pending: (HTTPRequest.Method, String)?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if securedOnly, let candidate = pending, line.hasPrefix("      security:") {
                if !line.contains("{}") { operations.append(candidate) }
                pending = nil
                continue
            }
            if line.hasPrefix("  /"), line.hasSuffix(":") { path = String(line.dropFirst(2).dropLast()); continue }
            if line.hasPrefix("components:") { break }
            guard let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") else { continue }
            let verb = line.trimmingCharacters(in: .whitespaces).dropLast().uppercased()
            if let method = HTTPRequest.Method(verb), ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(verb) {
                // Path parameters get values that exist nowhere; the handler, not the router, must answer.
                let concrete = path.replacingOccurrences(of: "\\{[^}]+\\}", with: "00000000-0000-4000-8000-000000000000", options: .regularExpression)
                if securedOnly { pending = (method, concrete) } else { operations.append((method, concrete)) }
            }
        }
        return operations
    }

    @Test func everyDocumentedOperationIsRouted() async throws {
        let operations = try Self.documentedOperations()
        #expect(operations.count >= 20)
        try await withTestApp { client, _ in
            let unknown = try await client.send(.get, "/v1/no-such-thing")
            #expect(unknown.status == .notFound)
            let unrouted = try unknown.problem().detail
            for operation in operations {
                let response = try await client.send(operation.method, operation.path)
                let unroutedAnswer = response.status == .notFound && (try? response.problem().detail) == unrouted
                #expect(!unroutedAnswer, "\(operation.method) \(operation.path) is documented but not routed")
                #expect(response.status != .methodNotAllowed, "\(operation.method) \(operation.path)")
            }
        }
    }

    /// Authentication before validation: an anonymous caller of a protected operation gets
    /// a 401, never a 422 that describes the body the route expected.
    @Test func everyProtectedOperationAnswersAnonymousCallersWith401BeforeReadingTheBody() async throws {
        let operations = try Self.documentedOperations(securedOnly: true)
        #expect(operations.count >= 20)
        try await withTestApp { client, _ in
            for operation in operations {
                let response = try await client.send(operation.method, operation.path, json: ["unexpected": true])
                #expect(response.status == .unauthorized, "\(operation.method) \(operation.path): \(response.status)")
                #expect(response.headers[.wwwAuthenticate] == "Bearer", "\(operation.method) \(operation.path)")
            }
        }
    }
}
