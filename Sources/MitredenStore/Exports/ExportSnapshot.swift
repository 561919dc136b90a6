import Foundation
import PostgresNIO

/// One consistent view of a campaign for a whole export: every file of a bundle is read in
/// the same repeatable-read, read-only transaction, so the counts in the manifest agree
/// with each other even while people keep voting.
public struct ExportSnapshot: Sendable {
    public let connection: PostgresConnection
    public let database: Database
    public var logger: Logger { database.logger }
    /// The moment the data was read (the transaction's start).
    public let takenAt: Date

    /// Runs `body` inside the snapshot; the transaction is always rolled back (it wrote nothing).
    public static func read<Result: Sendable>(
        from database: Database, _ body: @Sendable (ExportSnapshot) async throws -> Result
    ) async throws -> Result {
        try await database.withConnection { connection in
            try await connection.query("START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: database.logger)
            do {
                let takenAt = try await connection.query("SELECT now()", logger: database.logger).collect()[0].decode(Date.self)
                let result = try await body(ExportSnapshot(connection: connection, database: database, takenAt: takenAt))
                try await connection.query("ROLLBACK", logger: database.logger)
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: database.logger)
                throw error
            }
        }
    }
}
