import Foundation
import MitredenStore
import PostgresNIO

/// The runtime role (`mitreden_runtime`) that the server and the ordinary commands log in
/// as: it owns nothing and has the privileges migration 0012 grants. The API and CLI tests
/// run the code under test as this role, so a missing grant fails them as it would fail
/// production.
public enum RuntimeRole {
    /// Fails with instructions unless the role exists and the migrated schema granted it
    /// its privileges (0012 grants only to a role that exists when it runs). `owner` is a
    /// connection to a migrated test database.
    public static func requireGrants(on owner: Database) async throws {
        let rows = try await owner.query(
            """
            SELECT (SELECT count(*) FROM pg_roles WHERE rolname = \(TestCluster.runtimeRole))::int,
                   coalesce((SELECT has_table_privilege(\(TestCluster.runtimeRole), 'accounts', 'SELECT')
                             WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = \(TestCluster.runtimeRole))), false)
            """)
        let (exists, granted) = try rows[0].decode((Int, Bool).self)
        guard exists == 1 else {
            throw TestSetupError(
                """
                The role \(TestCluster.runtimeRole) does not exist on the tests' server: (re)start it with \
                `Deploy/local-postgres.sh start`, which creates it, or create it as Deploy/OPERATIONS.md says.
                """)
        }
        guard granted else {
            throw TestSetupError(
                "The role \(TestCluster.runtimeRole) exists but migration 0012 granted it nothing (was it created after the template was migrated?)")
        }
    }
}

/// Runs `body` against a fresh migrated database with two pools: one logged in as the
/// runtime role, one as the owner (for setting up and checking what the runtime role may
/// not do). Fails when the runtime role is missing.
public func withRuntimeRoleDatabase<Result: Sendable>(
    _ body: (_ runtime: Database, _ owner: Database) async throws -> Result
) async throws -> Result {
    try await withTestDatabase { url, owner in
        try await RuntimeRole.requireGrants(on: owner)
        return try await TestDatabases.withClient(try TestCluster.runtimeURL(for: url), poolSize: 4) { runtime in
            try await body(runtime, owner)
        }
    }
}

/// The SQLSTATE and message PostgreSQL refused `sql` with, sent as `database`'s role in a
/// transaction that is rolled back either way, or nil when it ran. Bypasses the services'
/// error mapping, which hides both.
public func refusal(of sql: String, on database: Database) async -> (state: String, message: String)? {
    let logger = TestDatabases.logger
    do {
        try await database.client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).collect()
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
            try await connection.query("ROLLBACK", logger: logger)
        }
        return nil
    } catch let error as PSQLError {
        return (error.serverInfo?[.sqlState] ?? "?", error.serverInfo?[.message] ?? "\(error)")
    } catch {
        return ("?", "\(error)")
    }
}
