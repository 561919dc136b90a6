import Foundation
import MitredenStore
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `migrate` and `serve --migrate` migrate as the owner (`MITREDEN_MIGRATION_DATABASE_URL`);
/// everything else runs as `MITREDEN_DATABASE_URL`'s role. One role for both still works.
@Suite struct DatabaseRolesCommandTests {
    @Test func migrateAsTheRuntimeRoleAloneIsRefusedNamingTheOwnersVariable() async throws {
        try await withTestDatabase(migrated: false) { url, database in
            var environment = try MitredenBinary.environment(database: url)
            environment["MITREDEN_MIGRATION_DATABASE_URL"] = nil
            let result = try await MitredenBinary.run(["migrate"], environment: environment)
            #expect(result.status == 1, "\(result.output)")
            #expect(result.output.contains("MITREDEN_MIGRATION_DATABASE_URL"), "\(result.output)")
            #expect(try await database.query("SELECT to_regclass('schema_migrations') IS NULL")[0].decode(Bool.self))
        }
    }

    @Test func withoutAMigrationURLMigrateUsesTheDatabaseURL() async throws {
        try await withTestDatabase(migrated: false) { url, database in
            let result = try await MitredenBinary.run(
                ["migrate"], environment: ["PATH": "/usr/bin:/bin", "MITREDEN_DATABASE_URL": url.connectionString])
            #expect(result.status == 0, "\(result.output)")
            let applied = try await database.query("SELECT count(*)::int FROM schema_migrations")[0].decode(Int.self)
            #expect(applied == (try Migration.embedded()).count)
        }
    }

    @Test func serveMigratesAsTheOwnerAndServesAsTheRuntimeRole() async throws {
        try await withTestDatabase(migrated: false) { url, database in
            let port = 20_000 + Int.random(in: 0..<2000)
            let server = try ChildProcess.spawn(
                [try MitredenBinary.path(), "serve", "--migrate"],
                environment: try MitredenBinary.environment(database: url, extra: ["MITREDEN_PORT": String(port)])
            )
            var ready = false
            for _ in 0..<150 where !ready {
                try await Task.sleep(for: .milliseconds(200))
                if let (_, response) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/health/ready")!),
                    (response as? HTTPURLResponse)?.statusCode == 200
                {
                    ready = true
                }
            }
            #expect(ready, "server output: \(server.output())")
            let owner = try await database.query("SELECT tableowner::text FROM pg_tables WHERE tablename = 'audit_events'")
            #expect(try owner.first?.decode(String.self) == url.username)
            server.signal(SIGTERM)
            #expect(await server.wait() == 0, "server output: \(server.output())")
        }
    }
}
