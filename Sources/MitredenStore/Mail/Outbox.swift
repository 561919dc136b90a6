import Foundation
import MitredenDomain
import PostgresNIO

/// A mail waiting in the outbox.
public struct OutboxMessage: Sendable, Equatable {
    public var id: Int64
    public var recipient: String
    public var subject: String
    public var body: String
    public var attempts: Int

    public init(id: Int64, recipient: String, subject: String, body: String, attempts: Int) {
        self.id = id
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.attempts = attempts
    }
}

/// Mail to send. Messages are written in the transaction that caused them, and delivered
/// later by ``MailWorker`` so a slow mail server never slows a request.
public enum Outbox {
    /// The channel a worker LISTENs on to hear of new mail at once.
    public static let channel = "mitreden_outbox"

    /// Queues a message and notifies the workers. PostgreSQL delivers the notification when
    /// the transaction commits (never for a rolled-back one) and folds repeats within a
    /// transaction, so a worker wakes once per commit, when the row is already visible.
    public static func enqueue(
        to recipient: String, account: Account.ID?, subject: String, body: String, now: Date, on db: some SQLExecutor
    ) async throws {
        try await db.query(
            """
            WITH queued AS (
                INSERT INTO outbox (account_id, recipient, subject, body, created_at, available_at)
                VALUES (\(account), \(recipient), \(subject), \(body), \(now), \(now)) RETURNING id)
            SELECT pg_notify(\(channel), '') FROM queued
            """)
    }

    /// 30 s, 1 min, 2 min, … capped at one hour.
    public static func backoff(afterAttempts attempts: Int) -> TimeInterval {
        min(3600, 30 * pow(2, Double(max(0, attempts - 1))))
    }

    /// Messages not yet sent, oldest first (for tests and operators).
    public static func pending(on db: some SQLExecutor) async throws -> [OutboxMessage] {
        try await db.query("SELECT id, recipient, subject, body, attempts FROM outbox WHERE sent_at IS NULL ORDER BY id")
            .map { row in
                let (id, recipient, subject, body, attempts) = try row.decode((Int64, String, String, String, Int).self)
                return OutboxMessage(id: id, recipient: recipient, subject: subject, body: body, attempts: attempts)
            }
    }

    /// Every message ever queued for a recipient, sent or not.
    public static func all(to recipient: String, on db: some SQLExecutor) async throws -> [OutboxMessage] {
        try await db.query("SELECT id, recipient, subject, body, attempts FROM outbox WHERE recipient = \(recipient) ORDER BY id")
            .map { row in
                let (id, recipient, subject, body, attempts) = try row.decode((Int64, String, String, String, Int).self)
                return OutboxMessage(id: id, recipient: recipient, subject: subject, body: body, attempts: attempts)
            }
    }
}
