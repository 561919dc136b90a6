import MitredenDomain
import TestSupport
import Testing

@Suite struct CSVWriterTests {
    static let awkward = [
        "Grünfläche \"Am Dom\"", "Zeile eins\nZeile zwei", "a;b,c", "=HYPERLINK(\"http://evil\")", "+49 40 1234", "-1+2",
        "@SUM(A1)", "\tTab", "\rReturn", "Straße", "  padded  ", "", "ok",
    ]

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
            let formulaLike = ["=", "+", "-", "@", "\t", "\r"].contains { value.hasPrefix($0) }
            #expect(read[1] == (formulaLike ? "'" + value : value), "\(value)")
            // Nothing a spreadsheet would evaluate survives in any text cell.
            #expect(!["=", "+", "-", "@", "\t", "\r"].contains { read[1].hasPrefix($0) })
        }
    }

    @Test func numbersOfTheExporterStayNumbers() {
        let writer = CSVWriter()
        #expect(writer.row([.int(-3), .text("-3")]) == "-3,'-3\r\n")
    }

    @Test func smallGroupsAreMergedAndAloneTheyVanish() {
        let groups = SmallGroupSuppression.apply(["hamm": 40, "borgfelde": 3, "st-georg": 2, "hammerbrook": 5])
        #expect(groups.map(\.group) == ["hamm", "hammerbrook", "other"])
        #expect(groups.map(\.count) == [40, 5, 5])
        #expect(SmallGroupSuppression.apply(["hamm": 40, "borgfelde": 3]).map(\.group) == ["hamm"])
    }
}
