import MitredenDomain
import TestSupport
import Testing

@Suite struct CSVWriterTests {
    static let awkward = [
        "Grünfläche \"Am Dom\"", "Zeile eins\nZeile zwei", "a;b,c", "=HYPERLINK(\"http://evil\")", "+49 40 1234", "-1+2",
        "@SUM(A1)", "\tTab", "\rReturn", "Straße", "  padded  ", "", "ok", "  =HYPERLINK(\"http://evil\")", " \u{A0}+1",
        "\n-2", "a - b", "   ",
    ]

    /// What a spreadsheet evaluates: a trigger as the first character that is not blank.
    static func isFormulaLike(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first(where: { !($0 == " " || $0 == "\u{A0}" || $0 == "\n") }) else { return false }
        return ["=", "+", "-", "@", "\t", "\r"].contains(first)
    }

    @Test(arguments: [CSVWriter.Options(), CSVWriter.Options.german])
    func roundTripsQuotesNewlinesUmlautsAndNeutralisesFormulas(options: CSVWriter.Options) {
        let writer = CSVWriter(options: options)
        var text = writer.preamble + writer.row(["id", "title"])
        for (index, value) in Self.awkward.enumerated() { text += writer.row([.int(index), .text(value)]) }
        #expect(text.hasPrefix("\u{FEFF}") == options.byteOrderMark)
        let body = options.byteOrderMark ? String(text.dropFirst()) : text
        let rows = CSVReader.rows(body, delimiter: options.delimiter)
        #expect(rows.count == Self.awkward.count + 1)
        for (index, value) in Self.awkward.enumerated() {
            let read = rows[index + 1]
            #expect(read[0] == String(index))
            #expect(read[1] == (Self.isFormulaLike(value) ? "'" + value : value), "\(value)")
            // Nothing a spreadsheet would evaluate survives in any text cell.
            #expect(!Self.isFormulaLike(read[1]), "\(value)")
        }
    }

    @Test(arguments: [CSVWriter.Options(), CSVWriter.Options.german])
    func eitherDelimiterIsQuotedInEveryDialect(options: CSVWriter.Options) {
        let writer = CSVWriter(options: options)
        #expect(writer.cell("Bänke, Bäume") == "\"Bänke, Bäume\"")
        #expect(writer.cell("Bänke; Bäume") == "\"Bänke; Bäume\"")
        // Read with either delimiter, a cell stays one cell: a file opened in the other
        // dialect does not shift the columns after it.
        let row = writer.row([.text("a,b;c"), .number(CSVWriter.text("12,50"))])
        #expect(CSVReader.rows(row, delimiter: options.delimiter).first == ["a,b;c", "12,50"])
        for delimiter: Character in [",", ";"] {
            #expect(CSVReader.rows(writer.cell("a,b;c") + "\r\n", delimiter: delimiter).first == ["a,b;c"])
        }
    }

    @Test func numbersOfTheExporterStayNumbers() {
        let writer = CSVWriter()
        #expect(writer.row([.int(-3), .text("-3")]) == "-3,'-3\r\n")
    }

    @Test func smallGroupsAreMergedAndNeverStandAloneOrVanish() {
        let groups = SmallGroupSuppression.apply(["hamm": 40, "borgfelde": 3, "st-georg": 2, "hammerbrook": 5])
        #expect(groups.map(\.group) == ["hamm", "hammerbrook", "other"])
        #expect(groups.map(\.count) == [40, 5, 5])
        // One small group alone in "other" could be computed back from the total: the smallest
        // remaining group joins it, and the rows still add up.
        let alone = SmallGroupSuppression.apply(["hamm": 40, "altona": 9, "borgfelde": 3])
        #expect(alone.map(\.group) == ["hamm", "other"])
        #expect(alone.map(\.count) == [40, 12])
    }
}
