import Logging
import PostgresNIO
import Synchronization

/// Rows of a large read, fetched from a server-side cursor a batch at a time.
///
/// Why not PostgresNIO's own row stream: while a `PostgresRowSequence` waits for its
/// consumer (every export does, writing to an HTTP client), PostgreSQL keeps sending until
/// the socket buffers are full. When the connection then ends (a restart, `kill -9`,
/// `pg_terminate_backend`, `DROP DATABASE … WITH (FORCE)`), SwiftNIO reads everything still
/// buffered without being asked, and PostgresNIO 1.33.2 (the newest we can use) stops the
/// process with a `preconditionFailure` in `RowStreamStateMachine.channelReadComplete()`
/// ("How can we receive a body part, after a channelReadComplete, but no read has been
/// forwarded yet"). Here every batch is read whole (`FETCH` … `collect()`) before the caller
/// sees its first row, so nothing is in flight while the caller works: the connection sits
/// idle in the transaction, and its end fails the next `FETCH` as an ordinary error. Each
/// `FETCH` is its own statement, so `statement_timeout` bounds each batch, not the export.
public struct CursorRows: AsyncSequence, Sendable {
    public typealias Element = PostgresRow

    /// Rows per `FETCH`: small enough that a batch is read in a moment, large enough that
    /// round trips do not dominate.
    public static let batchSize = 200

    let transaction: Transaction
    let cursor: String
    let file: String
    let line: Int

    /// Declares the cursor for `query` in `transaction`; rows come on iteration. The cursor
    /// closes with the transaction.
    static func declare(_ query: PostgresQuery, in transaction: Transaction, file: String, line: Int) async throws -> CursorRows {
        let cursor = "mitreden_rows_\(cursorNumbers.add(1, ordering: .relaxed).newValue)"
        let declare = PostgresQuery(unsafeSQL: "DECLARE \(cursor) NO SCROLL CURSOR FOR " + query.sql, binds: query.binds)
        _ = try await transaction.run(declare, file: file, line: line)
        return CursorRows(transaction: transaction, cursor: cursor, file: file, line: line)
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(rows: self)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let rows: CursorRows
        var batch: [PostgresRow] = []
        var index = 0
        var exhausted = false

        public mutating func next() async throws -> PostgresRow? {
            if index == batch.count {
                if exhausted { return nil }
                batch = try await rows.transaction.run(
                    PostgresQuery(unsafeSQL: "FETCH FORWARD \(CursorRows.batchSize) FROM \(rows.cursor)"), file: rows.file, line: rows.line)
                index = 0
                exhausted = batch.count < CursorRows.batchSize
                if batch.isEmpty { return nil }
            }
            defer { index += 1 }
            return batch[index]
        }
    }
}

/// Cursor names are unique in the process, so two reads in one transaction never collide.
private let cursorNumbers = Atomic<Int>(0)
