import Foundation
import MitredenDomain
import Testing

/// The planner chapter of the council report, in German and English, as headless Chromium
/// parses it: one distribution chart per changeable item, each with its text alternative.
@Suite struct PlannerReportRenderingTests {
    static func report() throws -> CampaignReport {
        let planner = try PlannerFixture.planner()
        let plans = (0..<12).map { index in
            PlanStatisticsTests.vector(
                planner, ["kita": 60_000 + Int64(index % 4) * 5_000, "grundsteuer": 80_000 + Int64(index % 4) * 5_000],
                district: index < 6 ? "Altona" : "Eimsbüttel")
        }
        var report = CampaignReport(
            title: "Hamburger Haushalt", summary: "", unit: "finanzbehoerde", kind: "dialogue", phases: [], snapshotAt: Date())
        report.planner = PlannerReport(
            planner: planner, summary: PlanStatistics.summary(of: plans, planner: planner),
            justifications: ["kita": ["Mehr Plätze <jetzt>"]],
            proposals: ["kita": [.init(title: "Kita am Park", changeCents: 5_000, responseStatus: "accepted", response: "Wird geprüft.")]])
        return report
    }

    @Test(arguments: ReportLanguage.allCases)
    func chromiumShowsThePlannerChartsWithTheirTextAlternatives(language: ReportLanguage) async throws {
        let html = ReportRenderer.html(try Self.report(), language: language)
        #expect(html.contains(language == .de ? "Haushaltsrechner" : "Budget planner"))
        #expect(html.contains("Mehr Plätze &lt;jetzt&gt;"))
        #expect(html.contains("Kita am Park"))
        let directory = FileManager.default.temporaryDirectory.appending(path: "planner-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let page = directory.appending(path: "report.html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let dom = try await ReportRenderingTests.run(["--dump-dom", page.absoluteString])
        #expect(dom.status == 0, "\(dom.output.suffix(2000))")
        // Three changeable items of four (the fee is protected): three charts, each labelled
        // and followed by the same words as text.
        let label = language == .de ? "Verteilung der Änderungen von" : "Distribution of the changes to"
        #expect(dom.output.components(separatedBy: "-desc\">\(label)").count - 1 == 3, "\(dom.output.suffix(800))")
        #expect(dom.output.components(separatedBy: "<p class=\"note\">\(label)").count - 1 == 3)
        let pdf = directory.appending(path: "report.pdf")
        let printed = try await ReportRenderingTests.run(["--print-to-pdf=\(pdf.path)", "--no-pdf-header-footer", page.absoluteString])
        #expect(printed.status == 0, "\(printed.output.suffix(2000))")
        #expect(try Data(contentsOf: pdf).starts(with: Array("%PDF".utf8)))
    }
}
