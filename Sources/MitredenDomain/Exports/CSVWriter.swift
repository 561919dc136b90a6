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
        Self.quotedIfNeeded(Self.neutralised(value))
    }

    /// Quotes a cell holding either delimiter, a quote or a line break, whichever dialect
    /// is written: a German file opened with `,` as separator (or the other way round) must
    /// not split a participant's text into extra columns and shift the rest of the row.
    static func quotedIfNeeded(_ value: String) -> String {
        let needsQuotes =
            value.unicodeScalars.contains { $0 == "," || $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || value.hasPrefix(" ") || value.hasSuffix(" ")
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Text whose first non-blank character is `=`, `+`, `-`, `@`, a tab or a carriage
    /// return is what spreadsheets evaluate (CSV injection); they skip leading spaces, so
    /// `  =HYPERLINK(…)` counts too. A leading apostrophe makes it plain text, as OWASP
    /// advises. Numbers written by the exporter itself are passed through ``number(_:)``
    /// instead.
    public static func neutralised(_ value: String) -> String {
        for scalar in value.unicodeScalars {
            if formulaTriggers.contains(scalar) { return "'" + value }
            if !scalar.properties.isWhitespace { return value }
        }
        return value
    }

    static let formulaTriggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// A number the exporter computed (may be negative, e.g. a score): not user text, so not
    /// neutralised; quoted only when it has a decimal comma.
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
            // A German amount has a decimal comma: quoted like text, for the reason above.
            case .number(let number): Self.quotedIfNeeded(number.text)
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
