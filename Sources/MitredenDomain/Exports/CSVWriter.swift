/// Writes CSV that spreadsheets open safely: RFC 4180 quoting, UTF-8, optionally with a
/// byte-order mark and `;` as delimiter (what German spreadsheet programs expect), and
/// every cell that a spreadsheet would read as a formula neutralised.
public struct CSVWriter: Sendable {
    public struct Options: Sendable, Equatable {
        public var delimiter: Character
        public var byteOrderMark: Bool

        public init(delimiter: Character = ",", byteOrderMark: Bool = false) {
            self.delimiter = delimiter
            self.byteOrderMark = byteOrderMark
        }

        /// `;` and a BOM, for Excel and LibreOffice with German settings.
        public static let german = Options(delimiter: ";", byteOrderMark: true)
    }

    public let options: Options

    public init(options: Options = Options()) { self.options = options }

    /// The start of the file: the BOM when asked for.
    public var preamble: String { options.byteOrderMark ? "\u{FEFF}" : "" }

    /// One record, ending in CRLF as RFC 4180 says.
    public func row(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: String(options.delimiter)) + "\r\n"
    }

    /// A cell quoted when it must be, after neutralising formula-like text.
    public func cell(_ value: String) -> String {
        let safe = Self.neutralised(value)
        let needsQuotes =
            safe.contains { $0 == options.delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || safe.hasPrefix(" ") || safe.hasSuffix(" ")
        guard needsQuotes else { return safe }
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Text starting with `=`, `+`, `-`, `@`, a tab or a carriage return is what spreadsheets
    /// evaluate (CSV injection); a leading apostrophe makes it plain text, as OWASP advises.
    /// Numbers written by the exporter itself are passed through ``number(_:)`` instead.
    public static func neutralised(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return value }
        return "'" + value
    }

    /// A number the exporter computed (may be negative, e.g. a score): not user text, so not
    /// neutralised, and never quoted.
    public static func number<Value: BinaryInteger>(_ value: Value) -> CSVNumber { CSVNumber(text: String(value)) }

    /// A value the exporter formatted itself (a decimal amount): digits, sign and separator only.
    public static func text(_ formatted: String) -> CSVNumber {
        precondition(formatted.allSatisfy { $0.isNumber || $0 == "-" || $0 == "." || $0 == "," }, "not a number: \(formatted)")
        return CSVNumber(text: formatted)
    }
}

/// A numeric cell produced by the exporter, exempt from formula neutralisation.
public struct CSVNumber: Sendable, Equatable {
    public let text: String
}

extension CSVWriter {
    /// A record mixing text cells (neutralised) and the exporter's own numbers.
    public func row(_ cells: [CSVCell]) -> String {
        cells.map { cell in
            switch cell {
            case .text(let value): self.cell(value)
            case .number(let number): number.text
            }
        }.joined(separator: String(options.delimiter)) + "\r\n"
    }
}

public enum CSVCell: Sendable, Equatable {
    case text(String)
    case number(CSVNumber)

    public static func int<Value: BinaryInteger>(_ value: Value) -> CSVCell { .number(CSVWriter.number(value)) }
    public static func optional(_ value: String?) -> CSVCell { .text(value ?? "") }
}
