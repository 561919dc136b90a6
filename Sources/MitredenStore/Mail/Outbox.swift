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
    public static func enqueue(
        to recipient: String, account: Account.ID?, subject: String, body: String, now: Date, on db: some SQLExecutor
    ) async throws {
        try await db.query(
            """
            INSERT INTO outbox (account_id, recipient, subject, body, created_at, available_at)
            VALUES (\(account), \(recipient), \(subject), \(body), \(now), \(now))
            """)
    }

    /// Takes up to `limit` due messages, hands each to `deliver` while holding its row lock
    /// (SKIP LOCKED lets other instances take other rows meanwhile), and records the
    /// outcome: sent, or retried later with exponential backoff. Returns how many were sent.
    public static func deliverDue(
        now: Date, limit: Int = 10, on db: some SQLExecutor, deliver: @Sendable (OutboxMessage) async throws -> Void
    ) async throws -> Int {
        try await db.transaction { db in
            let rows = try await db.query(
                """
                SELECT id, recipient, subject, body, attempts FROM outbox
                WHERE sent_at IS NULL AND available_at <= \(now)
                ORDER BY available_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED
                """)
            var sent = 0
            for row in rows {
                let (id, recipient, subject, body, attempts) = try row.decode((Int64, String, String, String, Int).self)
                let message = OutboxMessage(id: id, recipient: recipient, subject: subject, body: body, attempts: attempts)
                do {
                    try await deliver(message)
                    try await db.query(
                        "UPDATE outbox SET sent_at = \(now), attempts = attempts + 1 WHERE id = \(id)"
                    )
                    sent += 1
                } catch {
                    let delay = Self.backoff(afterAttempts: attempts + 1)
                    try await db.query(
                        """
                        UPDATE outbox SET attempts = attempts + 1, last_error = \(String(describing: error).prefix(500).description),
                            available_at = \(now.addingTimeInterval(delay)) WHERE id = \(id)
                        """)
                }
            }
            return sent
        }
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
