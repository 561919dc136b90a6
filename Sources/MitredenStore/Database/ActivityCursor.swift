import Foundation
import PostgresNIO

/// Where a page of a person's own activity ended (``ActivityPage``): the list it belongs to,
/// the time of its last item in whole microseconds since 1970 and that item's id. The
/// lists are newest first, by (time, id) descending, so the next page is one row
/// comparison on an index of Schema 0018.
///
/// Opaque to clients (base64 of `list|microseconds|id`) and checked on the way in: a forged
/// cursor, or one of another list, is refused before any SQL runs.
public struct ActivityCursor: Sendable, Equatable {
    public enum List: String, Sendable, CaseIterable { case proposals, comments, ballots, supports }

    public var list: List
    public var micros: Int64
    public var id: UUID

    public init(list: List, micros: Int64, id: UUID) {
        self.list = list
        self.micros = micros
        self.id = id
    }

    public var encoded: String { Data("\(list.rawValue)|\(micros)|\(id.uuidString.lowercased())".utf8).base64EncodedString() }

    /// The cursor `text` encodes if it is one of `list`'s; nil for anything else.
    public init?(encoded text: String, for list: List) {
        guard let data = Data(base64Encoded: text), let plain = String(data: data, encoding: .utf8) else { return nil }
        let parts = plain.split(separator: "|", omittingEmptySubsequences: false)
        // Times before 1970 or after 9999 are no time a row of ours was written at; the
        // bound also keeps the interval arithmetic in SQL far from overflowing.
        guard parts.count == 3, parts[0] == list.rawValue, let micros = Int64(parts[1]), (0...253_402_300_799_999_999).contains(micros),
            let id = UUID(uuidString: String(parts[2]))
        else { return nil }
        self.init(list: list, micros: micros, id: id)
    }
}

/// One page of a person's own items, newest first, and where the next one starts.
public struct ActivityPage<Item: Sendable>: Sendable {
    public var items: [Item]
    public var next: ActivityCursor?

    public init(items: [Item], next: ActivityCursor?) {
        self.items = items
        self.next = next
    }
}

/// The SQL of a page of one's own items, newest first.
enum ActivityPaging {
    /// `sql` with `$1` the person, `$2` the number of rows to read (one more than the page
    /// holds) and `{sort_key}`, `{after}` and `{order}` filled in for the order by `time`,
    /// then `id`, descending: the key selected beside each row, the condition "after the
    /// cursor" (empty on the first page; a row comparison an index of Schema 0018 answers)
    /// and the ORDER BY.
    static func query(_ sql: String, time: String, id: String, person: UUID, after: ActivityCursor?, limit: Int) -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(person)
        binds.append(limit + 1)
        var condition = ""
        if let after {
            binds.append(after.micros)
            binds.append(after.id)
            condition = "AND (\(time), \(id)) < (timestamptz 'epoch' + $3 * interval '1 microsecond', $4)"
        }
        let text =
            sql
            .replacingOccurrences(of: "{sort_key}", with: "(extract(epoch FROM \(time)) * 1000000)::bigint AS sort_key")
            .replacingOccurrences(of: "{after}", with: condition)
            .replacingOccurrences(of: "{order}", with: "\(time) DESC, \(id) DESC")
        return PostgresQuery(unsafeSQL: text, binds: binds)
    }

    /// The page of `rows` (read with one more than `limit`) and the cursor after it, if
    /// there is more.
    static func page<Item>(
        _ rows: [PostgresRow], limit: Int, list: ActivityCursor.List, decode: (PostgresRow) throws -> (Item, id: UUID)
    ) throws -> ActivityPage<Item> {
        var items: [Item] = []
        var next: ActivityCursor?
        for (index, row) in rows.enumerated() {
            if index == limit {
                next = ActivityCursor(list: list, micros: try NamedColumns(rows[index - 1])("sort_key"), id: try decode(rows[index - 1]).id)
                break
            }
            items.append(try decode(row).0)
        }
        return ActivityPage(items: items, next: next)
    }
}
