import Foundation
import MitredenDomain
import PostgresNIO

/// One consistent view of a campaign for a whole export: every file of a bundle is read in
/// the same repeatable-read, read-only transaction, so the counts in the manifest agree
/// with each other even while people keep voting.
public struct ExportSnapshot: Sendable {
    /// The snapshot's transaction; every read of the export runs on it.
    public let tx: Transaction
    public var logger: Logger { tx.logger }
    /// The moment the data was read (the transaction's start).
    public let takenAt: Date

    /// Runs `body` inside the snapshot.
    public static func read<Result: Sendable>(
        from database: Database, _ body: @Sendable (ExportSnapshot) async throws -> Result
    ) async throws -> Result {
        try await database.withTransaction(isolation: .readOnlySnapshot) { tx in
            let takenAt = try await tx.query("SELECT now()")[0].decode(Date.self)
            return try await body(ExportSnapshot(tx: tx, takenAt: takenAt))
        }
    }
}
