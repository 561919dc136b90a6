import Foundation
import Logging
import MitredenDomain

#if canImport(Glibc)
import Glibc
#endif

/// Hands one message to the outside world.
public protocol MailTransport: Sendable {
    func send(_ message: OutboxMessage, from: String) async throws
}

/// Used when no mail command is configured: the mail goes to the log, with the recipient
/// masked because logs are read by more people than mailboxes. The body (with its
/// verification code, which would let anyone reading the log take over the registration)
/// is written only in development (`MITREDEN_DEVELOPMENT=1`, as `make demo` sets).
public struct LogMailTransport: MailTransport {
    let logger: Logger
    let logsBodies: Bool

    public init(logger: Logger, logsBodies: Bool = false) {
        self.logger = logger
        self.logsBodies = logsBodies
    }

    public func send(_ message: OutboxMessage, from: String) async throws {
        var metadata: Logger.Metadata = ["to": .string(Self.mask(message.recipient)), "subject": .string(message.subject)]
        if logsBodies {
            metadata["body"] = .string(message.body)
            logger.notice("mail (not sent; MITREDEN_MAIL_COMMAND is not set; development mode)", metadata: metadata)
        } else {
            logger.notice("mail not sent: MITREDEN_MAIL_COMMAND is not set (body withheld; MITREDEN_DEVELOPMENT=1 logs it)", metadata: metadata)
        }
    }

    /// `anna@example.org` → `a***@e***.org`.
    public static func mask(_ address: String) -> String {
        let parts = address.split(separator: "@", maxSplits: 1)
        guard parts.count == 2 else { return "***" }
        let domainParts = parts[1].split(separator: ".")
        let domain = (domainParts.first.map { "\($0.prefix(1))***" } ?? "***") + (domainParts.count > 1 ? "." + domainParts.last! : "")
        return "\(parts[0].prefix(1))***@\(domain)"
    }
}

/// Pipes an RFC 5322 message into a sendmail-compatible command (`sendmail -t` reads the
/// recipients from the headers). The text comes from ``MailFormat``: a recipient that is
/// not a strict address is refused before anything runs, and no line of the message is a
/// lone `.`, so the command needs no `-i`. Spawned with posix_spawn and awaited on a
/// thread of its own: Foundation's `Process` termination handler proved unreliable here.
public struct SendmailTransport: MailTransport {
    let command: [String]

    /// `command[0]` is an absolute path; the rest are its arguments.
    public init(command: [String]) { self.command = command }

    public func send(_ message: OutboxMessage, from: String) async throws {
        let text = try MailFormat.render(message, from: from)
        let command = self.command
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            Thread {
                do { continuation.resume(returning: try Self.run(command, input: Data(text.utf8))) } catch { continuation.resume(throwing: error) }
            }.start()
        }
        guard status == 0 else { throw MailError("\(command[0]) exited with status \(status)") }
    }

    /// Blocking: runs on its own thread.
    static func run(_ command: [String], input: Data) throws -> Int32 {
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { throw MailError("cannot create a pipe") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipe[0], 0)
        posix_spawn_file_actions_addclose(&actions, pipe[1])
        let argv = command.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = [strdup("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
        close(pipe[0])
        guard spawned == 0 else { close(pipe[1]); throw MailError("cannot start \(command[0]): error \(spawned)") }
        input.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(pipe[1], buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 { if errno == EINTR { continue }; break }
                offset += written
            }
        }
        close(pipe[1])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}

struct MailError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
