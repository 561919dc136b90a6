import Foundation
import MitredenDomain
import TestSupport
import Testing

/// The council report as a browser shows and prints it: rendered by a real headless
/// Chromium (installed by Deploy/test.sh), which must show the charts and print a PDF.
@Suite struct ReportRenderingTests {
    static func sample() -> CampaignReport {
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        var report = CampaignReport(
            title: "Bürgerhaushalt <Mitte> & \"Hamm\"", summary: "Wofür 1,2 Mio. € ausgegeben werden.", unit: "bezirksamt-mitte",
            kind: "budget",
            phases: [
                .init(kind: "proposals", startsAt: start, endsAt: start + 30 * 86_400),
                .init(kind: "voting", startsAt: start + 30 * 86_400, endsAt: start + 51 * 86_400),
                .init(kind: "results", startsAt: start + 51 * 86_400, endsAt: start + 120 * 86_400),
            ],
            snapshotAt: start + 60 * 86_400
        )
        report.participants = 1234; report.proposals = 56; report.comments = 789; report.votes = 4321
        report.activity = (0..<30).map { (day: start + Double($0) * 86_400, count: ($0 * 7) % 23 + 1) }
        report.districts = SmallGroupSuppression.apply(["hamm": 400, "st-georg": 300, "borgfelde": 3, "hammerbrook": 4])
        report.ranking = [
            .init(
                rank: 1, title: "=HYPERLINK(\"x\") <script>alert(1)</script>", supports: 90, pro: 80, contra: 40, score: 40,
                responseStatus: "accepted"),
            .init(rank: 2, title: "Bänke am Kanal", supports: 50, pro: 30, contra: 2, score: 28, responseStatus: nil),
        ]
        report.outcomes = [
            .init(
                area: "Hamm", budgetCents: 40_000_000, method: "mes_cost_add1", ballots: 812, inputDigest: String(repeating: "ab", count: 32),
                funded: [
                    .init(title: "Hammer Park", costCents: 21_000_000), .init(title: "Kulturfest", costCents: 3_500_000),
                    .init(title: "Tempo 30", costCents: 2_000_000),
                ])
        ]
        report.decisionsByReason = [(reason: "approve", count: 40), (reason: "reject:insult", count: 3)]
        report.medianDecisionSeconds = 1800; report.p90DecisionSeconds = 20_000
        report.responsesByStatus = [(status: "accepted", count: 5), (status: "noted", count: 2)]
        return report
    }

    static func chromium() throws -> String {
        for candidate in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw ReportCheckError("Chromium is not installed; Deploy/test.sh installs it (apt-get install chromium)")
    }

    /// Chromium runs as a child process awaited off Swift's cooperative pool, its output in
    /// a file: a blocking pipe read here once starved every other test of threads.
    static func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        // A profile of its own per run: parallel tests sharing one would meet at its lock.
        let profile = FileManager.default.temporaryDirectory.appending(path: "mitreden-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let flags = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=\(profile.path)",
        ]
        return try await ChildProcess.run(
            [try chromium()] + flags + arguments, environment: ["PATH": "/usr/bin:/bin", "HOME": "/tmp"], timeout: .seconds(120))
    }

    @Test(arguments: ReportLanguage.allCases)
    func chromiumRendersTheChartsAndPrintsAPDF(language: ReportLanguage) async throws {
        let html = ReportRenderer.html(Self.sample(), language: language)
        #expect(!html.contains("<script"))
        #expect(!html.contains(" src=") && !html.contains(" href="))
        #expect(html.contains("&lt;script&gt;"))
        #expect(html.contains(language == .de ? "Methode der gleichen Anteile" : "Method of Equal Shares"))
        #expect(html.contains(language == .de ? "400.000 €" : "€400,000"))

        let directory = FileManager.default.temporaryDirectory.appending(path: "report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let page = directory.appending(path: "report.html")
        try html.write(to: page, atomically: true, encoding: .utf8)

        let dom = try await Self.run(["--dump-dom", page.absoluteString])
        #expect(dom.status == 0, "\(dom.output.suffix(2000))")
        // The parsed page still holds every chart: timeline, contributions, votes, cumulative cost.
        #expect(dom.output.components(separatedBy: "<svg").count - 1 == 4, "\(dom.output.suffix(500))")
        #expect(dom.output.contains("<polyline"))

        let screenshot = directory.appending(path: "report.png")
        let shot = try await Self.run(["--screenshot=\(screenshot.path)", "--window-size=1000,2400", page.absoluteString])
        #expect(shot.status == 0, "\(shot.output.suffix(2000))")
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(png.count > 20_000, "a page with charts is more than a blank image")

        let pdf = directory.appending(path: "report.pdf")
        let printed = try await Self.run(["--print-to-pdf=\(pdf.path)", "--no-pdf-header-footer", page.absoluteString])
        #expect(printed.status == 0, "\(printed.output.suffix(2000))")
        #expect(try Data(contentsOf: pdf).starts(with: Array("%PDF".utf8)))
        #expect(!printed.output.contains("Uncaught"), "\(printed.output)")
    }
}

struct ReportCheckError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
