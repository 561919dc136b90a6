import Foundation
import Logging
import MitredenDomain

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

struct MailError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
