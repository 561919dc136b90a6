import Foundation
import MitredenStore

/// The built `mitreden` executable, for tests that check what an operator sees: exit
/// statuses, messages, signals. `make test` builds it before the tests run.
public enum MitredenBinary {
    public static func path() throws -> String {
        if let explicit = ProcessInfo.processInfo.environment["MITREDEN_BINARY"], !explicit.isEmpty { return explicit }
        let candidate = TestCluster.repositoryRoot.appending(path: ".build/debug/mitreden").path
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            throw TestSetupError("no mitreden executable at \(candidate): run `swift build` first (make test does)")
        }
        return candidate
    }

    /// An environment that points the binary at `database` and nothing else of the caller's:
    /// as the runtime role (`MITREDEN_DATABASE_URL`), as in production, with the owner
    /// (`database`'s role) as `MITREDEN_MIGRATION_DATABASE_URL` for `migrate`.
    public static func environment(database: DatabaseURL, extra: [String: String] = [:]) throws -> [String: String] {
        var environment = [
            "PATH": "/usr/bin:/bin",
            "MITREDEN_DATABASE_URL": try TestCluster.runtimeURL(for: database).connectionString,
            "MITREDEN_MIGRATION_DATABASE_URL": database.connectionString,
        ]
        environment.merge(extra) { $1 }
        return environment
    }

    /// Runs `mitreden <arguments>` to completion.
    public static func run(_ arguments: [String], environment: [String: String]) async throws -> (status: Int32, output: String) {
        try await ChildProcess.run([try path()] + arguments, environment: environment)
    }
}
