import Foundation
import MitredenStore
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite struct MigrateAndServeCommandTests {
    @Test func migrateListsAppliesAndThenReportsUpToDate() async throws {
        try await withTestDatabase(migrated: false) { url, _ in
            let environment = try MitredenBinary.environment(database: url)
            let dryRun = try await MitredenBinary.run(["migrate", "--dry-run"], environment: environment)
            #expect(dryRun.status == 0)
            #expect(dryRun.output.contains("0001_foundation.sql"))
            let applied = try await MitredenBinary.run(["migrate"], environment: environment)
            #expect(applied.status == 0, "\(applied.output)")
            #expect(applied.output.contains("applying 0001_foundation.sql"))
            let again = try await MitredenBinary.run(["migrate"], environment: environment)
            #expect(again.output.contains("schema is up to date"))
        }
    }

    @Test func serveRefusesAnOutdatedSchemaAndSaysWhatToDo() async throws {
        try await withTestDatabase(migrated: false) { url, _ in
            let result = try await MitredenBinary.run(["serve"], environment: MitredenBinary.environment(database: url))
            #expect(result.status == 1)
            #expect(result.output.contains("run `mitreden migrate`"), "\(result.output)")
        }
    }

    @Test func aBadConfigurationValueStopsStartUpNamingTheVariable() async throws {
        try await withTestDatabase { url, _ in
            let result = try await MitredenBinary.run(
                ["serve"], environment: MitredenBinary.environment(database: url, extra: ["MITREDEN_LOG_FORMAT": "xml"])
            )
            #expect(result.status == 1)
            #expect(result.output.contains("MITREDEN_LOG_FORMAT"))
        }
    }

    @Test func serveAnswersReadyAndExitsCleanlyOnSIGTERM() async throws {
        try await withTestDatabase { url, _ in
            let port = 18_000 + Int.random(in: 0..<2000)
            let server = try ChildProcess.spawn(
                [try MitredenBinary.path(), "serve"],
                environment: MitredenBinary.environment(database: url, extra: ["MITREDEN_PORT": String(port)])
            )
            var ready = false
            for _ in 0..<100 where !ready {
                try await Task.sleep(for: .milliseconds(200))
                if let (_, response) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/health/ready")!),
                    (response as? HTTPURLResponse)?.statusCode == 200
                {
                    ready = true
                }
            }
            #expect(ready, "server output: \(server.output())")
            server.signal(SIGTERM)
            let status = await server.wait()
            #expect(status == 0, "server output: \(server.output())")
        }
    }
}
