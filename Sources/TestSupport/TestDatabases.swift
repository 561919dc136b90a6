import Foundation
import Logging
import MitredenStore
import PostgresNIO

/// Hands each test a database of its own, cloned from a template that was migrated once
/// per test run (`CREATE DATABASE … TEMPLATE …` copies files, so a clone costs
/// milliseconds while migrating would cost seconds). Tests run in parallel without
/// sharing state, and each database is dropped when its test ends.
public actor TestDatabases {
    public static let shared = TestDatabases()

    public static let logger: Logger = {
        var logger = Logger(label: "mitreden-tests")
        logger.logLevel = .error
        return logger
    }()

    private var setup: Task<(DatabaseURL, PostgresClient, String), any Error>?

    /// The admin connection and the name of the migrated template, made on first use.
    private func prepared() async throws -> (url: DatabaseURL, admin: PostgresClient, template: String) {
        if setup == nil {
            setup = Task { try await Self.prepare() }
        }
        return try await setup!.value
    }

    private static func prepare() async throws -> (DatabaseURL, PostgresClient, String) {
        let url = try TestCluster.url()
        let admin = PostgresClient(configuration: url.clientConfiguration(poolSize: 4), backgroundLogger: logger)
        // The admin pool lives as long as the test process.
        Task.detached { await admin.run() }
        do {
            try await withTimeout(.seconds(10)) { _ = try await admin.query("SELECT 1").collect() }
        } catch {
            throw TestSetupError("PostgreSQL at \(url) does not answer (\(error)); start it with `Deploy/local-postgres.sh start`")
        }
        // Databases left behind by an interrupted run.
        let leftovers = try await admin.query(
            "SELECT datname FROM pg_database WHERE datname LIKE 'mitreden\\_t\\_%' OR datname LIKE 'mitreden\\_template\\_%'"
        ).collect().map { try $0.decode(String.self) }
        for name in leftovers {
            _ = try? await admin.query("DROP DATABASE IF EXISTS \(unescaped: quoted(name)) WITH (FORCE)").collect()
        }
        let template = "mitreden_template_\(ProcessInfo.processInfo.processIdentifier)"
        _ = try await admin.query("CREATE DATABASE \(unescaped: quoted(template))").collect()
        _ = try await withClient(url.with(database: template)) { database in
            try await Migrator(database: database, migrations: try Migration.embedded()).migrate()
        }
        return (url, admin, template)
    }

    /// Creates a database for one test: migrated (from the template) or empty.
    public func create(migrated: Bool = true) async throws -> DatabaseURL {
        let (url, admin, template) = try await prepared()
        let name = "mitreden_t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        let source = migrated ? template : "template1"
        _ = try await admin.query("CREATE DATABASE \(unescaped: Self.quoted(name)) TEMPLATE \(unescaped: Self.quoted(source))").collect()
        return url.with(database: name)
    }

    /// Drops a test's database. An autovacuum worker that has just started on it runs as
    /// the superuser, whom `WITH (FORCE)` may not terminate; it finishes within moments, so
    /// the drop is retried. A database that still can't be dropped is removed at the start
    /// of the next run, and never fails the test that used it.
    public func drop(_ url: DatabaseURL) async throws {
        let (_, admin, _) = try await prepared()
        for attempt in 1...20 {
            do {
                _ = try await admin.query("DROP DATABASE IF EXISTS \(unescaped: Self.quoted(url.database)) WITH (FORCE)").collect()
                return
            } catch _ where attempt < 20 {
                try await Task.sleep(for: .milliseconds(100))
            } catch {
                Self.logger.warning("could not drop \(url.database); the next test run removes it")
            }
        }
    }

    /// Names made by this type only; quoting keeps them identifiers.
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Runs `body` with a connection pool to `url` that is closed afterwards; `connectionLogger`
    /// receives what the connections log (at trace level, every message from PostgreSQL).
    public static func withClient<Result: Sendable>(
        _ url: DatabaseURL, poolSize: Int = 8, connectionLogger: Logger? = nil, _ body: (Database) async throws -> Result
    ) async throws -> Result {
        let client = PostgresClient(
            configuration: url.clientConfiguration(poolSize: poolSize), backgroundLogger: connectionLogger ?? logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(Database(client: client, logger: logger))
        }
    }
}

/// Runs `body` against a fresh database of its own (migrated unless `migrated` is false),
/// dropped afterwards whether the test passed or not.
public func withTestDatabase<Result: Sendable>(
    migrated: Bool = true,
    _ body: (DatabaseURL, Database) async throws -> Result
) async throws -> Result {
    let url = try await TestDatabases.shared.create(migrated: migrated)
    do {
        let result = try await TestDatabases.withClient(url) { database in try await body(url, database) }
        try await TestDatabases.shared.drop(url)
        return result
    } catch {
        try? await TestDatabases.shared.drop(url)
        throw error
    }
}
