import Foundation
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// `mitreden export report.pdf`: the council report printed on A4 through headless Chromium,
/// a clear way forward when Chromium is missing, and file names that carry the language.
@Suite struct ReportPDFCommandTests {
    @Test func withoutChromiumTheCommandSaysHowToInstallIt() async throws {
        let refused = try await MitredenBinary.run(
            ["export", "--campaign", "domplatz", "report.pdf", "-o", "/tmp/never.pdf"], environment: ["PATH": "/nonexistent"])
        #expect(refused.status != 0)
        #expect(refused.output.contains("apt-get install chromium"), "\(refused.output)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never.pdf"))
    }

    @Test func theReportPrintsOnA4PagesThroughChromium() async throws {
        try await withTestDatabase { url, _ in
            try await ScriptableCommandTests.world(url)
            let pdf = FileManager.default.temporaryDirectory.appending(path: "report-\(UUID().uuidString).pdf")
            defer { try? FileManager.default.removeItem(at: pdf) }
            let printed = try await ScriptableCommandTests.run(["export", "--campaign", "domplatz", "report.pdf", "-o", pdf.path], url)
            #expect(printed.status == 0, "\(printed.output)")
            let data = try Data(contentsOf: pdf)
            #expect(data.starts(with: Array("%PDF".utf8)))
            let text = String(decoding: data, as: UTF8.self)
            // Each page's size: "/MediaBox [0 0 594.96 841.92]"; A4 is 595 × 842 PostScript
            // points, US Letter would be 612 × 792.
            let boxes = text.components(separatedBy: "/MediaBox").dropFirst().map { box in
                box.drop { $0 != "[" }.dropFirst().prefix { $0 != "]" }.split(separator: " ").compactMap { Double($0) }
            }
            #expect(!boxes.isEmpty)
            #expect(boxes.allSatisfy { $0.count == 4 && abs($0[2] - 595) < 1.5 && abs($0[3] - 842) < 1.5 }, "\(boxes)")
        }
    }

    @Test func fileNamesCarryTheLanguageWhereTheWordsDependOnIt() {
        #expect(ExportName.reportHTML.fileName(campaign: "domplatz", language: .de) == "domplatz-report-de.html")
        #expect(ExportName.proposalsCSV.fileName(campaign: "domplatz", language: .en) == "domplatz-proposals-en.csv")
        #expect(ExportName.bundleZIP.fileName(campaign: "domplatz", language: .de) == "domplatz-bundle-de.zip")
        #expect(ExportName.resultsJSON.fileName(campaign: "domplatz", language: .de) == "domplatz-results.json")
    }

    @Test func theImportersNoteIsInTheCampaignsLanguage() {
        #expect(PabulibTransfer.importNote(file: "x.pb", in: .de).hasPrefix("Importiert aus der Pabulib-Datei x.pb"))
        #expect(PabulibTransfer.importNote(file: "x.pb", in: .en).hasPrefix("Imported from the Pabulib file x.pb"))
    }
}
