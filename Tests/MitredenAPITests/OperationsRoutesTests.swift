import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenStore
import NIOCore
import TestSupport
import Testing

@Suite struct OperationsRoutesTests {
    @Test func livenessAndReadinessAnswer200OnACurrentSchema() async throws {
        try await withTestApp { client, _ in
            let live = try await client.execute(uri: "/health/live", method: .get)
            #expect(live.status == .ok)
            let ready = try await client.execute(uri: "/health/ready", method: .get)
            #expect(ready.status == .ok)
            let body = try JSONDecoder().decode([String: AnyCodableValue].self, from: Data(buffer: ready.body))
            #expect(body["status"] == .string("ok"))
            #expect(body["schemaVersion"] == .int((try Migration.embedded()).count))
        }
    }

    @Test func readinessIs503WhileTheSchemaIsOutdated() async throws {
        try await withTestDatabase(migrated: false) { url, _ in
            let app = try buildApplication(
                configuration: AppConfiguration(databaseURL: url, port: 0, logLevel: .error),
                logger: TestDatabases.logger
            )
            try await app.test(.live) { client in
                let response = try await client.execute(uri: "/health/ready", method: .get)
                #expect(response.status == .serviceUnavailable)
                let problem = try response.problem()
                #expect(problem.detail?.contains("mitreden migrate") == true)
                #expect(problem.detail?.contains("0001_foundation.sql") == true)
            }
        }
    }

    @Test func metricsCountRequestsByRouteAndStatus() async throws {
        try await withTestApp { client, _ in
            _ = try await client.execute(uri: "/health/live", method: .get)
            _ = try await client.execute(uri: "/no/such/route", method: .get)
            // A request is counted once its body is written, a moment after the client has it.
            var text = ""
            for _ in 0..<50 {
                let response = try await client.execute(uri: "/metrics", method: .get)
                #expect(response.status == .ok)
                text = response.text
                if text.contains(#"route="unmatched",method="GET",status="404""#) { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(text.contains(#"mitreden_http_requests_total{route="/health/live",method="GET",status="200"}"#))
            #expect(text.contains(#"mitreden_http_requests_total{route="unmatched",method="GET",status="404"}"#))
            #expect(text.contains(#"mitreden_http_request_duration_seconds_bucket{route="/health/live",method="GET""#))
            #expect(text.contains("mitreden_db_pool_size"))
            #expect(text.contains("mitreden_db_connections_in_use"))
        }
    }

    /// The port the metrics listener logged it is bound to; it may come up a moment after
    /// the main port.
    static func metricsPort(loggedTo capture: LogCapture) async throws -> Int {
        for _ in 0..<100 {
            if let logged = capture.entries.first(where: { $0.message == "metrics listening" })?.metadata["metrics_port"],
                let port = Int(logged)
            {
                return port
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSetupError("the metrics listener never logged its address")
    }

    /// A GET on the metrics listener. It is a service of its own and may come up a moment
    /// after the main port (or be slow to accept beside a busy test run): tried for up to
    /// ten seconds before the failure counts.
    static func get(_ path: String, port: Int) async throws -> TestClient.Response {
        for _ in 0..<100 {
            if let response = try? await TestClient.withClient(host: "127.0.0.1", port: port, operation: { try await $0.get(path) }) {
                return response
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await TestClient.withClient(host: "127.0.0.1", port: port) { try await $0.get(path) }
    }

    @Test func metricsOnAnAddressOfTheirOwnAreServedOnlyThere() async throws {
        // Port 0: the kernel picks a free one and the listener logs it. (A port chosen by
        // the test could be taken by another test's connection before the listener binds
        // it, and a listener that cannot bind stops the whole server.)
        let capture = LogCapture()
        try await withTestApp(
            configure: { $0.metricsAddress = ListenAddress(host: "127.0.0.1", port: 0) }, logger: capture.logger(level: .notice)
        ) { client, _ in
            _ = try await client.execute(uri: "/health/live", method: .get)
            let port = try await Self.metricsPort(loggedTo: capture)
            let onMainPort = try await client.execute(uri: "/metrics", method: .get)
            #expect(onMainPort.status == .notFound)
            #expect(try onMainPort.problem().type == "https://mitreden.org/problems/not-found")
            #expect(!onMainPort.text.contains("mitreden_http_request_duration"))
            let scraped = try await Self.get("/metrics", port: port)
            #expect(scraped.head.status == .ok)
            let text = scraped.body.map { String(buffer: $0) } ?? ""
            #expect(text.contains(#"route="/health/live""#))
            #expect(text.contains("mitreden_db_pool_size"))
            // The metrics address serves nothing of the API.
            let api = try await Self.get("/health/live", port: port)
            #expect(api.head.status == .notFound)
        }
    }

    @Test func servesTheOpenAPIDocumentTheServerIsGeneratedFrom() async throws {
        let onDisk = try String(
            contentsOf: TestCluster.repositoryRoot.appending(path: "Sources/MitredenOpenAPI/openapi.yaml"), encoding: .utf8
        )
        try await withTestApp { client, _ in
            let response = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/yaml") == true)
            #expect(response.text.trimmingCharacters(in: .whitespacesAndNewlines) == onDisk.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}

/// Just enough JSON to compare a few scalar fields.
enum AnyCodableValue: Decodable, Equatable {
    case string(String), int(Int), other
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else {
            self = .other
        }
    }
}
