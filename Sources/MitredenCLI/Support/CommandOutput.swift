import ArgumentParser
import Foundation
import MitredenDomain

/// `--json` on every listing and `show` command. The JSON is for scripts: field names are
/// camelCase like the API's and documented in the README ("Output for scripts"); a field
/// is only ever added, never renamed. Listings are `{"items": […], "total": N}`.
struct OutputFormat: ParsableArguments {
    @Flag(help: "Print JSON for scripts (fields as in the README) instead of a table.") var json = false
}

/// A listing as scripts read it: the items shown and how many there are in all, so a
/// script sees at once when a page left some out.
struct Listing<Item: Encodable>: Encodable {
    let items: [Item]
    let total: Int
}

enum CommandOutput {
    /// Pretty, with sorted keys and RFC 3339 times, so the output is the same from run to run.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A table for people: a header line, then the rows, every column as wide as its
    /// widest cell and two spaces apart. Cells pass ``TerminalText`` (names and titles are
    /// typed by citizens) and lose tabs and line breaks, which would break the columns.
    static func table(_ headers: [String], _ rows: [[String]]) -> String {
        let cells = ([headers] + rows).map { row in
            row.map { TerminalText.sanitized($0).replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
        }
        var widths = Array(repeating: 0, count: headers.count)
        for row in cells {
            for (column, cell) in row.enumerated() where column < widths.count { widths[column] = max(widths[column], cell.count) }
        }
        return cells.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }
            .joined(separator: "  ")
        }
        .joined(separator: "\n")
    }

    /// Prints a listing: JSON, or the table and, when a page left rows out, a line that
    /// says how many and how to see them (on standard error, so `| wc -l` counts rows).
    static func print<Item: Encodable>(
        _ listing: Listing<Item>, json: Bool, headers: [String], row: (Item) -> [String], empty: String, more: String? = nil
    ) throws {
        if json {
            Swift.print(try Self.json(listing))
            return
        }
        if listing.items.isEmpty && listing.total == 0 {
            Swift.print(empty)
            return
        }
        Swift.print(table(headers, listing.items.map(row)))
        let omitted = listing.total - listing.items.count
        if omitted > 0 {
            FileHandle.standardError.write(
                Data("\(listing.items.count) of \(listing.total) shown, \(omitted) left out\(more.map { "; \($0)" } ?? "")\n".utf8))
        }
    }

    static func time(_ date: Date?) -> String { date.map { ISO8601DateFormatter().string(from: $0) } ?? "-" }
}
