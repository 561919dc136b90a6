import Foundation
import MitredenStore

/// Finds the PostgreSQL server the tests use and refuses anything that is not on this
/// machine: tests create and drop databases, which must never happen on a shared server.
public enum TestCluster {
    /// The repository root, found from this source file's location.
    public static let repositoryRoot: URL = URL(filePath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The role migration 0012 grants the runtime privileges to.
    public static let runtimeRole = "mitreden_runtime"

    /// `MITREDEN_TEST_DATABASE_URL`, or else the project's own cluster started by
    /// `Deploy/local-postgres.sh start`. Without either, the tests fail with instructions.
    /// This is the owner role: it creates, migrates and drops the tests' databases.
    public static func url() throws -> DatabaseURL {
        let text: String
        if let fromEnvironment = ProcessInfo.processInfo.environment["MITREDEN_TEST_DATABASE_URL"], !fromEnvironment.isEmpty {
            text = fromEnvironment
        } else {
            let passwordFile = repositoryRoot.appending(path: ".local/postgres/app-password")
            guard
                let password = try? String(contentsOf: passwordFile, encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            else {
                throw TestSetupError(
                    """
                    No PostgreSQL for the tests: set MITREDEN_TEST_DATABASE_URL, or start the project's \
                    own cluster with `Deploy/local-postgres.sh start` (or run the tests with `make test`).
                    """)
            }
            let port = ProcessInfo.processInfo.environment["MITREDEN_PG_PORT"] ?? "24329"
            text = "postgres://mitreden:\(password)@127.0.0.1:\(port)/mitreden"
        }
        let url = try DatabaseURL(text)
        guard url.isLoopback else {
            throw TestSetupError("refusing to run tests against \(url.host): tests create and drop databases and only run on loopback")
        }
        return url
    }
}

extension TestCluster {
    /// The runtime role on the tests' server (`MITREDEN_TEST_RUNTIME_DATABASE_URL`, or else
    /// the password file `Deploy/local-postgres.sh start` wrote), pointed at `database`'s
    /// database: the server and the commands under test log in as it, as in production.
    /// Fails, never falls back to the owner, when it is missing: tests that pass as the
    /// owner prove nothing about the grants.
    public static func runtimeURL(for database: DatabaseURL) throws -> DatabaseURL {
        let text: String
        if let fromEnvironment = ProcessInfo.processInfo.environment["MITREDEN_TEST_RUNTIME_DATABASE_URL"], !fromEnvironment.isEmpty {
            text = fromEnvironment
        } else {
            let passwordFile = repositoryRoot.appending(path: ".local/postgres/runtime-password")
            guard
                let password = try? String(contentsOf: passwordFile, encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            else {
                throw TestSetupError(
                    """
                    No runtime role for the tests: set MITREDEN_TEST_RUNTIME_DATABASE_URL (role \(runtimeRole)), \
                    or (re)start the project's own cluster with `Deploy/local-postgres.sh start`, which creates \
                    it (or run the tests with `make test`).
                    """)
            }
            let port = ProcessInfo.processInfo.environment["MITREDEN_PG_PORT"] ?? "24329"
            text = "postgres://\(runtimeRole):\(password)@127.0.0.1:\(port)/mitreden"
        }
        let runtime = try DatabaseURL(text)
        guard runtime.username == runtimeRole else {
            throw TestSetupError(
                "MITREDEN_TEST_RUNTIME_DATABASE_URL logs in as \(runtime.username); migration 0012 grants to \(runtimeRole)")
        }
        guard runtime.host == database.host, runtime.port == database.port else {
            throw TestSetupError("the runtime role's server (\(runtime)) is not the tests' server (\(database))")
        }
        return runtime.with(database: database.database)
    }
}

/// The test environment is not usable; the message says how to fix it.
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
