import Foundation
import MitredenDomain
import PostgresNIO

/// Participants' reports about content: one per reporter and item (the primary key).
public struct Flags: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// Records the flag and returns how many distinct people flag the item and were not dismissed.
    public func add(
        _ kind: ContentKind, _ target: UUID, by reporter: UUID, reason: ReasonCode, note: String?, now: Date,
        on connection: PostgresConnection
    ) async throws -> Int {
        // Two flags arriving together would each count only their own row and neither
        // would reach the threshold; one lock per item makes them count in turn. An
        // advisory lock keeps the row locks in the order decisions take them (item, then content).
        try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(target.uuidString), 0))", logger: database.logger)
        do {
            try await connection.query("""
                INSERT INTO flags (target_type, target_id, reporter_id, reason, note, created_at)
                VALUES (\(kind.rawValue), \(target), \(reporter), \(reason.rawValue), \(note), \(now))
                """, logger: database.logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw StoreError.conflict("you have flagged this \(kind.rawValue) already")
        }
        return try await connection.query("""
            SELECT count(*)::int FROM flags WHERE target_type = \(kind.rawValue) AND target_id = \(target) AND dismissed_at IS NULL
            """, logger: database.logger).collect()[0].decode(Int.self)
    }

    public func dismiss(_ kind: ContentKind, _ target: UUID, now: Date, on connection: PostgresConnection) async throws {
        try await connection.query("""
            UPDATE flags SET dismissed_at = \(now) WHERE target_type = \(kind.rawValue) AND target_id = \(target) AND dismissed_at IS NULL
            """, logger: database.logger)
    }

    /// Reason codes and notes of the live flags, for a moderator's context.
    public func open(_ kind: ContentKind, _ target: UUID) async throws -> [(reason: String, note: String?)] {
        try await database.query("""
            SELECT reason, note FROM flags WHERE target_type = \(kind.rawValue) AND target_id = \(target) AND dismissed_at IS NULL
            ORDER BY created_at
            """).map { try $0.decode((String, String?).self) }
    }
}
