/// How long the server waits for PostgreSQL. Without these, a request whose connection
/// died without a word (a killed server, a lost host) or that waits for a pool that cannot
/// connect waits for ever.
///
/// - `statement`: PostgreSQL's `statement_timeout`, set for each connection when it logs in;
///   a statement that runs longer is cancelled by the server (SQLSTATE 57014) and becomes
///   ``ServiceError/unavailable(_:)``. A streamed export is many short statements
///   (``CursorRows``), so the same limit bounds each batch, not the export.
/// - The client-side deadline: a statement that has not answered `grace` after the server
///   would have cancelled it is on a dead connection; its connection is closed, which fails
///   the statement. Waiting for a connection from the pool ends after `statement` too.
public struct DatabaseTimeouts: Sendable, Equatable {
    /// `statement_timeout` on the server; nil sets none (command-line work: migrations,
    /// imports, result runs may take minutes).
    public var statement: Duration?
    /// How much longer than `statement` the client waits before it gives a connection up.
    public var grace: Duration

    public init(statement: Duration?, grace: Duration = .seconds(5)) {
        self.statement = statement
        self.grace = grace
    }

    /// No limits: the command line's default.
    public static let none = DatabaseTimeouts(statement: nil)

    /// The client's deadline for one statement, nil without a statement timeout. (A wait
    /// for the pool ends at `statement`.)
    var clientDeadline: Duration? { statement.map { $0 + grace } }

    /// The value for PostgreSQL's `statement_timeout` in whole milliseconds (at least 1).
    var statementTimeoutSetting: String? {
        statement.map { duration in
            let (seconds, attoseconds) = duration.components
            return "\(max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000))ms"
        }
    }
}
