import Foundation
import MitredenStore

/// A primary of its own with a streaming replica of it, both made by the project's own
/// `Deploy/local-postgres.sh` (`start`, then `start-replica`, which copies the primary with
/// `pg_basebackup`) for the test that lets the replica lag. The primary is not the tests'
/// shared cluster: a replica of that one replays every database the parallel suite creates
/// and drops, and in CI it stayed more than the lag limit behind for minutes. This pair
/// replays only what its one test writes. Both are made afresh and removed afterwards
/// (`Deploy/test.sh` removes what an interrupted run left).
public enum TestReplica {
    /// `MITREDEN_REPLICA_PG_PORT`, else five above the tests' cluster (the scratch cluster
    /// takes ten above), so checkouts that run side by side never share one.
    public static var port: Int {
        let environment = ProcessInfo.processInfo.environment
        if let chosen = environment["MITREDEN_REPLICA_PG_PORT"].flatMap(Int.init) { return chosen }
        return (environment["MITREDEN_PG_PORT"].flatMap(Int.init) ?? 54_329) + 5
    }

    /// `MITREDEN_REPLICA_PRIMARY_PG_PORT`, else seven above the tests' cluster.
    public static var primaryPort: Int {
        let environment = ProcessInfo.processInfo.environment
        if let chosen = environment["MITREDEN_REPLICA_PRIMARY_PG_PORT"].flatMap(Int.init) { return chosen }
        return (environment["MITREDEN_PG_PORT"].flatMap(Int.init) ?? 54_329) + 7
    }

    public static var directory: URL { TestCluster.repositoryRoot.appending(path: ".local/test-replica-\(port)") }

    /// The primary, a scratch cluster (`.local/test-cluster-replica-primary-<port>`).
    public static var primary: ScratchCluster { ScratchCluster(name: "replica-primary-\(primaryPort)", port: primaryPort) }

    /// The pair's URLs: the owner and the runtime role on the primary's `mitreden`
    /// database (migrated), and the runtime role on the replica.
    public struct Pair: Sendable {
        public let owner: DatabaseURL
        public let runtime: DatabaseURL
        public let replicaRuntime: DatabaseURL
    }

    /// Makes the primary (migrated) and its replica, runs `body`, and removes both whether
    /// `body` passed or not.
    public static func withPrimaryAndReplica<Result: Sendable>(_ body: (Pair) async throws -> Result) async throws -> Result {
        // What an interrupted run left would be an old primary's copy.
        try? await stopReplica()
        try? await primary.destroy()
        do {
            let runtime = try await primary.start()
            let owner = try await primary.migrationURL()
            _ = try await TestDatabases.withClient(owner) { database in
                try await Migrator(database: database, migrations: try Migration.embedded()).migrate()
            }
            try await startReplica()
            let result = try await body(Pair(owner: owner, runtime: runtime, replicaRuntime: url(for: runtime)))
            try await stopReplica()
            try await primary.destroy()
            return result
        } catch {
            try? await stopReplica()
            try? await primary.destroy()
            throw error
        }
    }

    /// `url` (a test database on the primary, any role) on the replica.
    public static func url(for url: DatabaseURL) -> DatabaseURL {
        var copy = url
        copy.port = port
        return copy
    }

    /// Runs SQL on the replica as the owner role with psql; the output, trimmed.
    @discardableResult
    public static func psql(_ sql: String, on url: DatabaseURL) async throws -> String {
        let psql = try psqlPath()
        let (status, output) = try await ChildProcess.run(
            [psql, Self.url(for: url).connectionString, "-qAtX", "-v", "ON_ERROR_STOP=1", "-c", sql],
            environment: ProcessInfo.processInfo.environment)
        guard status == 0 else { throw TestSetupError("psql on the replica failed (\(status)): \(output)") }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Pauses or resumes the replica's replay (cluster-wide; run in the `postgres` database,
    /// where `Deploy/local-postgres.sh start-replica` granted the owner role the functions).
    public static func replay(paused: Bool, owner url: DatabaseURL) async throws {
        try await psql(paused ? "SELECT pg_wal_replay_pause()" : "SELECT pg_wal_replay_resume()", on: url.with(database: "postgres"))
    }

    /// Waits until `sql` answers `expected` on the replica (it has replayed that far).
    public static func waitFor(_ sql: String, toAnswer expected: String, on url: DatabaseURL, timeout: Duration = .seconds(90)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if (try? await psql(sql, on: url)) == expected { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError("the replica did not answer \(expected) to \(sql) within \(timeout)")
    }

    static func psqlPath() throws -> String {
        let candidates = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted().reversed().map { "/usr/lib/postgresql/\($0)/bin/psql" }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw TestSetupError("psql is missing: Deploy/local-postgres.sh start installs PostgreSQL")
        }
        return found
    }

    private static func replicaScript(_ command: String) async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["MITREDEN_PG_DIR"] = directory.path
        environment["MITREDEN_PG_PORT"] = String(port)
        environment["MITREDEN_PG_FAST"] = "1"
        environment["MITREDEN_PG_PRIMARY_DIR"] = primary.directory.path
        environment["MITREDEN_PG_PRIMARY_PORT"] = String(primaryPort)
        let script = TestCluster.repositoryRoot.appending(path: "Deploy/local-postgres.sh").path
        let (status, output) = try await ChildProcess.run([script, command], environment: environment)
        guard status == 0 else { throw TestSetupError("Deploy/local-postgres.sh \(command) failed (\(status)): \(output)") }
    }

    private static func startReplica() async throws { try await replicaScript("start-replica") }

    private static func stopReplica() async throws {
        guard FileManager.default.fileExists(atPath: directory.path) else { return }
        try await replicaScript("stop")
        try FileManager.default.removeItem(at: directory)
    }
}
