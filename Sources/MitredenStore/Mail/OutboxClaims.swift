import Foundation
import PostgresNIO

/// A batch of due messages that one worker has claimed: until `leaseEnd` no other worker
/// takes them, and only this claim can record their outcome.
public struct OutboxClaim: Sendable {
    public let messages: [OutboxMessage]
    /// The end of the lease, stored as the rows' `available_at`; it is also the claim's
    /// token (see ``Outbox/claimDue(now:limit:lease:on:)``).
    public let leaseEnd: Date
}

/// Claiming and settling outbox rows: each a single statement on the pool, so no row lock
/// is held while a mail command runs.
extension Outbox {
    /// Claims up to `limit` due messages, oldest first, by moving their `available_at` to
    /// the end of the lease: they stop being due for every worker, and come due again by
    /// themselves if this one dies before settling them. `FOR UPDATE SKIP LOCKED` lets
    /// several workers claim at once without waiting for each other; a row another worker
    /// claimed meanwhile is re-checked after its lock and dropped (no longer due).
    ///
    /// The lease end doubles as the claim's token: a later claim of the same row can only
    /// happen at a `now` at or after this lease end, so its own lease end is later still,
    /// and the two never match. No column is needed for it.
    public static func claimDue(now: Date, limit: Int, lease: TimeInterval, on db: some SQLExecutor) async throws -> OutboxClaim {
        let leaseEnd = now.addingTimeInterval(lease)
        let rows = try await db.query(
            """
            UPDATE outbox SET available_at = \(leaseEnd)
            WHERE id IN (
                SELECT id FROM outbox WHERE sent_at IS NULL AND available_at <= \(now)
                ORDER BY available_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING id, recipient, subject, body, attempts
            """)
        let messages = try rows.map { row in
            let (id, recipient, subject, body, attempts) = try row.decode((Int64, String, String, String, Int).self)
            return OutboxMessage(id: id, recipient: recipient, subject: subject, body: body, attempts: attempts)
        }
        return OutboxClaim(messages: messages.sorted { $0.id < $1.id }, leaseEnd: leaseEnd)
    }

    /// Records a delivery. False when the claim was lost (its lease ran out and another
    /// worker took the row): the row is then that worker's to settle.
    public static func markSent(
        _ message: OutboxMessage, claim: OutboxClaim, now: Date, on db: some SQLExecutor
    ) async throws -> Bool {
        try await !db.query(
            """
            UPDATE outbox SET sent_at = \(now), attempts = attempts + 1
            WHERE id = \(message.id) AND sent_at IS NULL AND available_at = \(claim.leaseEnd) RETURNING id
            """
        ).isEmpty
    }

    /// Records a failed attempt: the row comes due again after ``backoff(afterAttempts:)``.
    /// False when the claim was lost, as for ``markSent(_:claim:now:on:)``.
    public static func markFailed(
        _ message: OutboxMessage, error: any Error, claim: OutboxClaim, now: Date, on db: some SQLExecutor
    ) async throws -> Bool {
        let retryAt = now.addingTimeInterval(backoff(afterAttempts: message.attempts + 1))
        return try await !db.query(
            """
            UPDATE outbox SET attempts = attempts + 1, last_error = \(String(describing: error).prefix(500).description),
                available_at = \(retryAt)
            WHERE id = \(message.id) AND sent_at IS NULL AND available_at = \(claim.leaseEnd) RETURNING id
            """
        ).isEmpty
    }
}
