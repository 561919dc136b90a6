import Foundation
import MitredenStore

/// A streaming replica of the tests' cluster, made once with `pg_basebackup` by the
/// project's own `Deploy/local-postgres.sh start-replica` and left running for the rest of
/// the run (`Deploy/test.sh` stops it). Every test database created on the primary appears
/// on it; a test pauses and resumes its replay as the owner role.
public enum TestReplica {
    /// `MITREDEN_REPLICA_PG_PORT`, else five above the tests' cluster (the scratch cluster
    /// takes ten above), so checkouts that run side by side never share one.
    public static var port: Int {
        let environment = ProcessInfo.processInfo.environment
        if let chosen = environment["MITREDEN_REPLICA_PG_PORT"].flatMap(Int.init) { return chosen }
        return (environment["MITREDEN_PG_PORT"].flatMap(Int.init) ?? 54_329) + 5
    }

    public static var directory: URL { TestCluster.repositoryRoot.appending(path: ".local/test-replica-\(port)") }

    /// The tests' cluster's folder (`MITREDEN_PG_DIR` as `Deploy/test.sh` started it).
    static var primaryDirectory: String {
        ProcessInfo.processInfo.environment["MITREDEN_PG_DIR"] ?? TestCluster.repositoryRoot.appending(path: ".local/postgres").path
    }

    /// Starts the replica (making it on first use); serialised, since tests run in parallel.
    public static func start() async throws {
        try await starter.start()
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

    /// Waits until the replica has `url`'s database migrated as on the primary.
    /// Generous: the replica replays every test database the parallel suite creates and
    /// drops, and on a loaded two-core machine it fell more than 30 s behind once.
    public static func waitForDatabase(_ url: DatabaseURL, timeout: Duration = .seconds(120)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let answer = try? await psql("SELECT count(*) FROM schema_migrations", on: url), Int(answer) ?? 0 > 0 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSetupError("the replica did not show \(url.database) within \(timeout)")
    }

    static func psqlPath() throws -> String {
        let candidates = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted().reversed().map { "/usr/lib/postgresql/\($0)/bin/psql" }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw TestSetupError("psql is missing: Deploy/local-postgres.sh start installs PostgreSQL")
        }
        return found
    }

    private static let starter = Starter()

    private actor Starter {
        var started = false
        func start() async throws {
            if started { return }
            var environment = ProcessInfo.processInfo.environment
            environment["MITREDEN_PG_DIR"] = TestReplica.directory.path
            environment["MITREDEN_PG_PORT"] = String(TestReplica.port)
            environment["MITREDEN_PG_FAST"] = "1"
            environment["MITREDEN_PG_PRIMARY_DIR"] = TestReplica.primaryDirectory
            environment["MITREDEN_PG_PRIMARY_PORT"] = String(try TestCluster.url().port)
            let script = TestCluster.repositoryRoot.appending(path: "Deploy/local-postgres.sh").path
            let (status, output) = try await ChildProcess.run([script, "start-replica"], environment: environment)
            guard status == 0 else { throw TestSetupError("Deploy/local-postgres.sh start-replica failed (\(status)): \(output)") }
            started = true
        }
    }
}
