import Foundation
import MitredenStore

/// A throw-away PostgreSQL cluster made by the project's own `Deploy/local-postgres.sh`,
/// for tests that must stop and start the database under a running server.
public struct ScratchCluster: Sendable {
    public let directory: URL
    public let port: Int

    /// `MITREDEN_SCRATCH_PG_PORT` when set (checkouts whose ports are handed out ten apart
    /// would otherwise meet the next checkout's cluster), else ten above the test cluster's
    /// port, so checkouts that run their suites side by side never share a scratch cluster.
    public static var portBesideTestCluster: Int {
        let environment = ProcessInfo.processInfo.environment
        if let chosen = environment["MITREDEN_SCRATCH_PG_PORT"].flatMap(Int.init) { return chosen }
        return (environment["MITREDEN_PG_PORT"].flatMap(Int.init) ?? 54_329) + 10
    }

    public init(name: String, port: Int) {
        self.directory = TestCluster.repositoryRoot.appending(path: ".local/test-cluster-\(name)")
        self.port = port
    }

    /// Starts the cluster (initialising it on first use) and returns the runtime role's URL.
    @discardableResult
    public func start() async throws -> DatabaseURL {
        try await url(printedBy: "start")
    }

    /// The owner's URL, for migrating (the cluster must have been started once).
    public func migrationURL() async throws -> DatabaseURL {
        try await url(printedBy: "migration-url")
    }

    private func url(printedBy command: String) async throws -> DatabaseURL {
        let output = try await script(command)
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("postgres://") }) else {
            throw TestSetupError("Deploy/local-postgres.sh \(command) printed no URL: \(output)")
        }
        return try DatabaseURL(String(line))
    }

    public func stop() async throws { _ = try await script("stop") }

    public func destroy() async throws {
        try await stop()
        try FileManager.default.removeItem(at: directory)
    }

    private func script(_ command: String) async throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["MITREDEN_PG_DIR"] = directory.path
        environment["MITREDEN_PG_PORT"] = String(port)
        environment["MITREDEN_PG_FAST"] = "1"
        let script = TestCluster.repositoryRoot.appending(path: "Deploy/local-postgres.sh").path
        let (status, output) = try await ChildProcess.run([script, command], environment: environment)
        guard status == 0 else {
            throw TestSetupError("Deploy/local-postgres.sh \(command) failed (status \(status)): \(output)")
        }
        return output
    }
}
