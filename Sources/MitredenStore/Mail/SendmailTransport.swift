import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Pipes an RFC 5322 message into a sendmail-compatible command (`sendmail -t` reads the
/// recipients from the headers). The text comes from ``MailFormat``: a recipient that is
/// not a strict address is refused before anything runs, and no line of the message is a
/// lone `.`, so the command needs no `-i`. Spawned with posix_spawn and awaited on a
/// thread of its own: Foundation's `Process` termination handler proved unreliable here.
/// Cancelling the send kills the command (and what it started): that is how the worker's
/// send timeout stops a hung mail command instead of waiting for it.
public struct SendmailTransport: MailTransport {
    let command: [String]

    /// `command[0]` is an absolute path; the rest are its arguments.
    public init(command: [String]) { self.command = command }

    public func send(_ message: OutboxMessage, from: String) async throws {
        let text = try MailFormat.render(message, from: from)
        let command = self.command
        let run = MailCommandRun()
        let status: Int32 = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                Thread {
                    do { continuation.resume(returning: try run.run(command, input: Data(text.utf8))) } catch { continuation.resume(throwing: error) }
                }.start()
            }
        } onCancel: {
            run.kill()
        }
        guard status == 0 else { throw MailError("\(command[0]) exited with status \(status)") }
    }
}

/// One run of the mail command, which another task may kill. The command leads a process
/// group of its own, so killing it also stops what it started (`sh -c` and its `cat`).
/// The child is reaped only after it is marked finished, so a kill can never reach a
/// recycled process id.
final class MailCommandRun: Sendable {
    private struct State {
        var pid: pid_t?
        var finished = false
        var killed = false
    }
    private let state = Mutex(State())
    /// Held while a pipe is made close-on-exec and while a command is spawned.
    private static let spawning = Mutex(())

    func kill() {
        state.withLock { state in
            state.killed = true
            if let pid = state.pid, !state.finished { _ = Glibc.kill(-pid, SIGKILL) }
        }
    }

    /// Blocking: runs on its own thread. Returns the exit status (128 + signal when killed).
    func run(_ command: [String], input: Data) throws -> Int32 {
        // Close-on-exec: sends run in parallel, and a command that inherited another's write
        // end would keep that one from ever seeing the end of its input. The flag is set
        // under the lock every spawn takes, so no spawn sees the pipe without it (Glibc's
        // pipe2 is not visible to Swift). dup2 onto 0 clears it for the command's own end.
        var pipe: [Int32] = [0, 0]
        let piped = Self.spawning.withLock { _ in
            guard Glibc.pipe(&pipe) == 0 else { return false }
            _ = fcntl(pipe[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(pipe[1], F_SETFD, FD_CLOEXEC)
            return true
        }
        guard piped else { throw MailError("cannot create a pipe") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipe[0], 0)
        posix_spawn_file_actions_addclose(&actions, pipe[1])
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        SpawnAttributes.resetSignals(&attributes, extraFlags: Int32(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let argv = command.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = [strdup("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        // Spawned under the lock, so a kill that came first stops it from starting at all.
        let spawned: Int32 = state.withLock { state in
            guard !state.killed else { return ECANCELED }
            var pid: pid_t = 0
            let result = Self.spawning.withLock { _ in posix_spawn(&pid, command[0], &actions, &attributes, argv, envp) }
            if result == 0 { state.pid = pid }
            return result
        }
        close(pipe[0])
        guard spawned == 0, let pid = state.withLock({ $0.pid }) else {
            close(pipe[1])
            throw MailError("cannot start \(command[0]): error \(spawned)")
        }
        write(input, to: pipe[1])
        close(pipe[1])
        // Wait without reaping, mark finished, then reap.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == -1 && errno == EINTR {}
        state.withLock { $0.finished = true }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Writes all of `input`, or stops when the command has gone (EPIPE). SIGPIPE is
    /// blocked on this thread so that a command that exits without reading fails the
    /// write instead of killing the server.
    private func write(_ input: Data, to descriptor: Int32) {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &blocked, nil)
        input.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    break
                }
                offset += written
            }
        }
    }
}
