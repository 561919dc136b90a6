import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Spawns a program and awaits its exit status on a dedicated thread, so that waiting
/// never occupies one of the few threads of Swift's cooperative pool.
enum ChildProcess {
    static func run(_ arguments: [String], environment: [String: String]) async throws -> Int32 {
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        let spawned = posix_spawn(&pid, arguments[0], nil, nil, argv, envp)
        guard spawned == 0 else { throw TestSetupError("cannot start \(arguments[0]): error \(spawned)") }
        let child = pid
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                var status: Int32 = 0
                while waitpid(child, &status, 0) == -1 && errno == EINTR {}
                // WIFEXITED / WEXITSTATUS, spelled out because the macros are not imported.
                let exited = (status & 0x7f) == 0
                continuation.resume(returning: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f))
            }
            thread.start()
        }
    }
}
