/// Splits the text of a `.pb` file into records of trimmed fields (SPEC §1.1–1.2).
///
/// Works on UTF-8 bytes: the delimiter, the quote and the line breaks are ASCII, so they can
/// never be part of a multi-byte character, and byte scanning keeps large files fast.
enum PabulibRecordReader {
    /// A non-blank line, split into fields.
    struct Record {
        /// 1-based line number in the file.
        let line: Int
        let fields: [String]
    }

    private static let semicolon = UInt8(ascii: ";")
    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// The records of `text`. A byte-order mark is ignored; lines may end in LF, CRLF or CR;
    /// lines holding only whitespace are skipped.
    ///
    /// - Throws: `PabulibError` for a quoted field whose closing quote is missing, since quoted
    ///   fields never span lines.
    static func records(in text: String) throws(PabulibError) -> [Record] {
        let bytes = Array(text.utf8)
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var records: [Record] = []
        while index < bytes.count {
            var end = index
            while end < bytes.count && bytes[end] != lineFeed && bytes[end] != carriageReturn { end += 1 }
            if !isBlank(bytes[index..<end]) {
                records.append(Record(line: line, fields: try fields(of: bytes[index..<end], line: line)))
            }
            index = end
            if index < bytes.count {
                let isCRLF = bytes[index] == carriageReturn && index + 1 < bytes.count && bytes[index + 1] == lineFeed
                index += isCRLF ? 2 : 1
            }
            line += 1
        }
        return records
    }

    /// Splits one line at semicolons outside quotes. A field is quoted only when its first
    /// character is `"`; inside, `""` is one quote and `;` is text. A quote elsewhere is text.
    private static func fields(of bytes: ArraySlice<UInt8>, line: Int) throws(PabulibError) -> [String] {
        var fields: [String] = []
        var index = bytes.startIndex
        while true {
            if index < bytes.endIndex && bytes[index] == quote {
                var value: [UInt8] = []
                index += 1
                while true {
                    guard index < bytes.endIndex else {
                        throw PabulibError(line: line, reason: "quoted field is not closed")
                    }
                    if bytes[index] == quote {
                        if index + 1 < bytes.endIndex && bytes[index + 1] == quote {
                            value.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    value.append(bytes[index])
                    index += 1
                }
                // Text between the closing quote and the next delimiter is kept, as CSV readers do.
                while index < bytes.endIndex && bytes[index] != semicolon {
                    value.append(bytes[index])
                    index += 1
                }
                fields.append(trimmed(value[...]))
            } else {
                let start = index
                while index < bytes.endIndex && bytes[index] != semicolon { index += 1 }
                fields.append(trimmed(bytes[start..<index]))
            }
            guard index < bytes.endIndex else { return fields }
            index += 1
        }
    }

    /// The field as text without leading and trailing whitespace (Unicode whitespace too).
    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end && isASCIIWhitespace(bytes[start]) { start += 1 }
        while end > start && isASCIIWhitespace(bytes[end - 1]) { end -= 1 }
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        guard start < end, bytes[start] >= 0x80 || bytes[end - 1] >= 0x80 else { return text }
        // Rare: a non-ASCII character at an edge might be whitespace such as U+00A0.
        let characters = text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }
        return String(characters.reversed())
    }

    private static func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool {
        if bytes.allSatisfy(isASCIIWhitespace) { return true }
        guard bytes.contains(where: { $0 >= 0x80 }) else { return false }
        return String(decoding: bytes, as: UTF8.self).allSatisfy(\.isWhitespace)
    }

    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }
}
