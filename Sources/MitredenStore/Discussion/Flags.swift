import Foundation
import MitredenDomain
import PostgresNIO

/// Participants' reports about content: one per reporter and item (the primary key).
public enum Flags {
    /// Records the flag and returns how many distinct people flag the item and were not dismissed.
    public static func add(
        _ target: ContentRef, by reporter: Account.ID, reason: ReasonCode, note: String?, now: Date,
        on tx: Transaction
    ) async throws -> Int {
        // Two flags arriving together would each count only their own row and neither
        // would reach the threshold; one lock per item makes them count in turn. An
        // advisory lock keeps the row locks in the order decisions take them (item, then content).
        try await tx.query("SELECT pg_advisory_xact_lock(hashtextextended(\(target.uuid.uuidString), 0))")
        do {
            try await tx.query(
                """
                INSERT INTO flags (target_type, target_id, reporter_id, reason, note, created_at)
                VALUES (\(target.kind.rawValue), \(target.uuid), \(reporter), \(reason.rawValue), \(note), \(now))
                """)
        } catch  where SQLState.of(error) == SQLState.uniqueViolation {
            throw ServiceError.conflict(.exists, "you have flagged this \(target.kind.rawValue) already")
        }
        return try await tx.query(
            """
            SELECT count(*)::int FROM flags WHERE target_type = \(target.kind.rawValue) AND target_id = \(target.uuid) AND dismissed_at IS NULL
            """)[0].decode(Int.self)
    }

    public static func dismiss(_ target: ContentRef, now: Date, on db: some SQLExecutor) async throws {
        try await db.query(
            """
            UPDATE flags SET dismissed_at = \(now) WHERE target_type = \(target.kind.rawValue) AND target_id = \(target.uuid) AND dismissed_at IS NULL
            """)
    }

    /// Reason codes and notes of the live flags, for a moderator's context.
    public static func open(_ target: ContentRef, on db: some SQLExecutor) async throws -> [(reason: String, note: String?)] {
        try await db.query(
            """
            SELECT reason, note FROM flags WHERE target_type = \(target.kind.rawValue) AND target_id = \(target.uuid) AND dismissed_at IS NULL
            ORDER BY created_at
            """
        ).map { try $0.decode((String, String?).self) }
    }
}
