import Foundation
import MitredenDomain
import PostgresNIO

/// Deletes what is no longer needed, so tables of short-lived rows stay small and personal
/// data (client addresses of old sessions) is not kept longer than useful (GDPR Art. 5(1)(e)).
public enum Housekeeping {
    /// Ended sessions and spent tokens older than `retention`, mail sent before then,
    /// throttle windows that are over and idempotency keys past their 24 hours. Returns how many rows went.
    @discardableResult
    public static func prune(now: Date, throttleWindow: TimeInterval, retention: TimeInterval = 30 * 86400, on db: some SQLExecutor) async throws
        -> Int
    {
        let cutoff = now.addingTimeInterval(-retention)
        var removed = 0
        for statement: PostgresQuery in [
            "DELETE FROM login_throttle WHERE window_start <= \(now.addingTimeInterval(-max(throttleWindow, 3600))) RETURNING 1",
            "DELETE FROM sessions WHERE least(expires_at, coalesce(revoked_at, expires_at)) < \(cutoff) RETURNING 1",
            "DELETE FROM email_verifications WHERE expires_at < \(cutoff) RETURNING 1",
            "DELETE FROM outbox WHERE sent_at < \(cutoff) RETURNING 1",
        ] {
            removed += try await db.query(statement).count
        }
        removed += try await WriteLimits.prune(now: now, on: db)
        removed += try await IdempotencyKeys.prune(now: now, on: db)
        return removed
    }
}
