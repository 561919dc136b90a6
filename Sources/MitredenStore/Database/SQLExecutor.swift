import Logging
import MitredenDomain
import PostgresNIO

/// What a store function runs its SQL on: the pool (``Database``, one lease per statement)
/// or the connection of an open ``Transaction``. A service that opens a transaction hands
/// the transaction to every store call inside it, so a unit of work holds exactly one
/// connection and can never wait on the pool for a second one while holding the first.
public protocol SQLExecutor: Sendable {
    var logger: Logger { get }

    /// Runs one statement and collects its rows.
    func run(_ query: PostgresQuery, file: String, line: Int) async throws -> [PostgresRow]

    /// Runs a named prepared statement: PostgreSQL parses it once per connection instead of
    /// once per request. Store code calls it through `rows(_:_:)` (``PreparedRows``).
    func runPrepared<Statement: PostgresPreparedStatement>(_ statement: Statement, file: String, line: Int) async throws -> [Statement.Row]
    where Statement.Row: Sendable

    /// Runs `body` atomically. On the pool this opens a transaction on one leased
    /// connection; inside a transaction it joins it, so store functions that need several
    /// statements to be atomic work on either executor without a second connection.
    func transaction<Result: Sendable>(_ body: (Transaction) async throws -> Result) async throws -> Result
}

extension SQLExecutor {
    /// Runs one statement and collects its rows.
    @discardableResult
    public func query(_ query: PostgresQuery, file: String = #fileID, line: Int = #line) async throws -> [PostgresRow] {
        try await run(query, file: file, line: line)
    }
}

/// An open transaction: its connection and the logger for its statements. Only
/// ``Database/withTransaction(isolation:_:)`` makes one; it commits when the closure
/// returns and rolls back when it throws.
public struct Transaction: SQLExecutor {
    public let connection: PostgresConnection
    public let logger: Logger
    /// The client-side deadline of each statement (``DatabaseTimeouts``).
    public let timeouts: DatabaseTimeouts
    /// False behind a transaction pooler (``DatabasePooler``): a prepared statement's SQL
    /// then runs as an unnamed statement on whichever server connection the pooler picks.
    public var namedStatements = true

    public func run(_ query: PostgresQuery, file: String, line: Int) async throws -> [PostgresRow] {
        let (connection, logger) = (self.connection, self.logger)
        return try await StatementWatchdog.watch(connection, deadline: timeouts.clientDeadline) {
            try await connection.query(query, logger: logger, file: file, line: line).collect()
        }
    }

    public func runPrepared<Statement: PostgresPreparedStatement>(_ statement: Statement, file: String, line: Int) async throws
        -> [Statement.Row]
    where Statement.Row: Sendable {
        let (connection, logger) = (self.connection, self.logger)
        guard namedStatements else {
            let query = PostgresQuery(unsafeSQL: Statement.sql, binds: try statement.makeBindings())
            return try await StatementWatchdog.watch(connection, deadline: timeouts.clientDeadline) {
                try await connection.query(query, logger: logger, file: file, line: line).collect().map(statement.decodeRow)
            }
        }
        return try await StatementWatchdog.watch(connection, deadline: timeouts.clientDeadline) {
            var rows: [Statement.Row] = []
            for try await row in try await connection.execute(statement, logger: logger, file: file, line: line) { rows.append(row) }
            return rows
        }
    }

    /// Rows a batch at a time from a server-side cursor, for exports that must not hold a
    /// whole table in memory. Never PostgresNIO's row stream: see ``CursorRows``.
    public func stream(_ query: PostgresQuery, file: String = #fileID, line: Int = #line) async throws -> CursorRows {
        try await CursorRows.declare(query, in: self, file: file, line: line)
    }

    public func transaction<Result: Sendable>(_ body: (Transaction) async throws -> Result) async throws -> Result {
        try await body(self)
    }
}
