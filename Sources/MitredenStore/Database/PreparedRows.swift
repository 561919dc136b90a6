import PostgresNIO

/// The name and text of a named prepared statement, fixed for the program's life.
protocol StatementText {
    static var name: String { get }
    static var sql: String { get }
}

/// A named prepared statement (PostgreSQL parses it once per connection) whose values are
/// already bound, `$1`… in the order of `bindings`, and whose rows come back as they are
/// to be read by column name. The hot statements differ only in their text, so they share
/// this one type: each is a ``StatementText``.
struct PreparedRows<Text: StatementText>: PostgresPreparedStatement {
    static var name: String { Text.name }
    static var sql: String { Text.sql }
    typealias Row = PostgresRow

    var bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

extension SQLExecutor {
    /// Runs the prepared statement `text` with `bindings` and collects its rows.
    func rows<Text: StatementText>(
        _ text: Text.Type, _ bindings: PostgresBindings, file: String = #fileID, line: Int = #line
    ) async throws -> [PostgresRow] {
        try await runPrepared(PreparedRows<Text>(bindings: bindings), file: file, line: line)
    }
}
