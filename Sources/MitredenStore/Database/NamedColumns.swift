import PostgresNIO

/// A row read by column name. Queries of more than a few columns decode this way, so a
/// column added to or moved in a SELECT can't shift every value after it into the wrong
/// field; the SELECT names each column once (with `AS` where two tables share a name).
struct NamedColumns {
    private let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) { self.row = row.makeRandomAccess() }

    /// The column's value; throws when its type does not match.
    func callAsFunction<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        try row[column].decode(Value.self)
    }

    /// A text column holding one of an enum's raw values; an unknown value is a bug.
    func stored<Value: RawRepresentable>(_ column: String, as type: Value.Type = Value.self) throws -> Value where Value.RawValue == String {
        try Value(stored: try row[column].decode(String.self))
    }

    /// A nullable text column holding one of an enum's raw values.
    func stored<Value: RawRepresentable>(_ column: String, as type: Value?.Type) throws -> Value? where Value.RawValue == String {
        guard let text = try row[column].decode(String?.self) else { return nil }
        return try Value(stored: text)
    }
}
