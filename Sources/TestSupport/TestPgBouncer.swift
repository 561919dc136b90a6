import Foundation
import MitredenStore

/// PgBouncer from Debian's package in transaction mode, in front of the tests' cluster,
/// started for one test and stopped after it. Port: `MITREDEN_PGBOUNCER_PORT`, else six
/// above the tests' cluster.
public struct TestPgBouncer: Sendable {
    public static var port: Int {
        let environment = ProcessInfo.processInfo.environment
        if let chosen = environment["MITREDEN_PGBOUNCER_PORT"].flatMap(Int.init) { return chosen }
        return (environment["MITREDEN_PG_PORT"].flatMap(Int.init) ?? 54_329) + 6
    }

    /// Runs `body` with PgBouncer (pool_mode = transaction, at most `serverConnections`
    /// server connections per database and role) forwarding to `url`'s server; `body` gets
    /// `url` pointed at PgBouncer instead.
    public static func with<Result: Sendable>(
        forwardingTo url: DatabaseURL, serverConnections: Int = 4, _ body: (DatabaseURL) async throws -> Result
    ) async throws -> Result {
        // One PgBouncer on the port at a time: tests that want one take turns.
        await turns.enter()
        do {
            let result = try await run(forwardingTo: url, serverConnections: serverConnections, body)
            await turns.leave()
            return result
        } catch {
            await turns.leave()
            throw error
        }
    }

    private static let turns = Turns()

    /// A queue of tests waiting for the one PgBouncer port.
    private actor Turns {
        private var busy = false
        private var waiting: [CheckedContinuation<Void, Never>] = []

        func enter() async {
            guard busy else {
                busy = true
                return
            }
            await withCheckedContinuation { waiting.append($0) }
        }

        func leave() {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
    }

    private static func run<Result: Sendable>(
        forwardingTo url: DatabaseURL, serverConnections: Int, _ body: (DatabaseURL) async throws -> Result
    ) async throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/pgbouncer") else {
            throw TestSetupError("PgBouncer is missing: apt-get install pgbouncer (Deploy/test.sh installs it)")
        }
        let directory = TestCluster.repositoryRoot.appending(path: ".local/test-pgbouncer-\(port)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let runtime = try TestCluster.runtimeURL(for: url)
        let owner = try TestCluster.url()
        // Plain passwords in the auth file: PgBouncer needs them to log in to PostgreSQL
        // with SCRAM on the client's behalf.
        let users = [runtime, owner].map { "\"\($0.username)\" \"\($0.password ?? "")\"" }.joined(separator: "\n")
        try (users + "\n").write(to: directory.appending(path: "users.txt"), atomically: true, encoding: .utf8)
        let configuration = """
            [databases]
            * = host=\(url.host) port=\(url.port)
            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = \(port)
            unix_socket_dir =
            auth_type = scram-sha-256
            auth_file = \(directory.appending(path: "users.txt").path)
            pool_mode = transaction
            default_pool_size = \(serverConnections)
            max_client_conn = 500
            logfile = \(directory.appending(path: "pgbouncer.log").path)
            pidfile = \(directory.appending(path: "pgbouncer.pid").path)
            """
        let file = directory.appending(path: "pgbouncer.ini")
        try configuration.write(to: file, atomically: true, encoding: .utf8)
        var arguments = ["/usr/sbin/pgbouncer", file.path]
        // PgBouncer refuses to run as root; the cluster's own OS user runs it then.
        if getuid() == 0 {
            arguments = ["/usr/sbin/pgbouncer", "-u", "postgres", file.path]
            _ = try await ChildProcess.run(["/bin/chown", "-R", "postgres", directory.path], environment: [:])
        }
        try await stopLeftOver(pidFile: directory.appending(path: "pgbouncer.pid"))
        let process = try ChildProcess.spawn(arguments, environment: ProcessInfo.processInfo.environment)
        // `stop()` sends SIGTERM, which stops PgBouncer 1.18 at once (SIGINT would wait for
        // every client to leave), and SIGKILL if it has not gone after ten seconds.
        do {
            try await waitForPort(process)
            var through = runtime
            through.port = port
            let result = try await body(through)
            await process.stop()
            return result
        } catch {
            await process.stop()
            throw error
        }
    }

    /// A PgBouncer left running by a test run that was killed would otherwise answer on the
    /// port in place of this test's own (which then refuses to start beside its pid file).
    private static func stopLeftOver(pidFile: URL) async throws {
        guard let text = try? String(contentsOf: pidFile, encoding: .utf8), let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
            pid > 0, kill(pid, 0) == 0
        else { return }
        kill(pid, SIGKILL)
        let deadline = ContinuousClock.now + .seconds(5)
        while kill(pid, 0) == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        try? FileManager.default.removeItem(at: pidFile)
    }

    /// Waits until PgBouncer accepts TCP connections, or fails with its output.
    private static func waitForPort(_ process: ChildProcess) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if canConnect(port: port) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError("PgBouncer did not listen on \(port): \(process.output())")
    }

    private static func canConnect(port: Int) -> Bool {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { return false }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return result == 0
    }
}
