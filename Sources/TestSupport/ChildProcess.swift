import Foundation
import MitredenStore

#if canImport(Glibc)
import Glibc
#endif

/// Runs programs for tests without Foundation's `Process`, whose termination handler proved
/// unreliable here, and without blocking a thread of Swift's cooperative pool (which has as
/// many threads as cores): the child is spawned directly and awaited on a thread of its own.
/// Standard output and error go to a file, standard input is /dev/null.
public struct ChildProcess: Sendable {
    public let pid: pid_t
    public let outputPath: String

    /// Starts `arguments[0]` (a path) with the given environment.
    public static func spawn(_ arguments: [String], environment: [String: String]) throws -> ChildProcess {
        let outputPath = FileManager.default.temporaryDirectory
            .appending(path: "mitreden-child-\(UUID().uuidString).log").path
        // `exec` keeps the pid, so signals reach the program itself, not the shell.
        let shell = ["/bin/sh", "-c", "out=$1; shift; exec \"$@\" >\"$out\" 2>&1 </dev/null", "sh", outputPath] + arguments
        var pid: pid_t = 0
        let argv = shell.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Else the child inherits this thread's blocked signals and ignores a SIGTERM.
        SpawnAttributes.resetSignals(&attributes)
        let spawned = posix_spawn(&pid, "/bin/sh", nil, &attributes, argv, envp)
        guard spawned == 0 else { throw TestSetupError("cannot start \(arguments[0]): error \(spawned)") }
        return ChildProcess(pid: pid, outputPath: outputPath)
    }

    /// Runs to completion and returns the exit status and everything it printed.
    public static func run(_ arguments: [String], environment: [String: String]) async throws -> (status: Int32, output: String) {
        let child = try spawn(arguments, environment: environment)
        let status = await child.wait()
        return (status, child.output())
    }

    /// Runs to completion, but kills the program (SIGKILL, reported as status 137) when it
    /// has not finished within `timeout`: a browser that hangs under load fails its test
    /// instead of stalling the whole run.
    public static func run(
        _ arguments: [String], environment: [String: String], timeout: Duration
    ) async throws -> (status: Int32, output: String) {
        let child = try spawn(arguments, environment: environment)
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            child.signal(SIGKILL)
        }
        let status = await child.wait()
        watchdog.cancel()
        return (status, child.output())
    }

    /// Waits for the exit; a signal death is reported as 128 + signal, like a shell does.
    public func wait() async -> Int32 {
        let pid = self.pid
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                // WIFEXITED / WEXITSTATUS, spelled out because the macros are not imported.
                let exited = (status & 0x7f) == 0
                continuation.resume(returning: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f))
            }
            thread.start()
        }
    }

    public func signal(_ signal: Int32) { kill(pid, signal) }

    /// Sends SIGTERM and waits for the exit; SIGKILL after `grace`, so a program that does
    /// not stop cannot hang the test that started it.
    @discardableResult
    public func stop(grace: Duration = .seconds(10)) async -> Int32 {
        signal(SIGTERM)
        let lastResort = Task {
            try await Task.sleep(for: grace)
            signal(SIGKILL)
        }
        let status = await wait()
        lastResort.cancel()
        return status
    }

    /// What the program printed so far (standard output and error interleaved).
    public func output() -> String {
        (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }
}
