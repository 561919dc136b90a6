import ArgumentParser
import Foundation
import MitredenDomain
import MitredenStore

/// `mitreden export`: a campaign's data for the council, the clerks and open data.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a campaign's export (CSV, JSON, Pabulib, the report as HTML or PDF, or the whole bundle) to a file or standard output.",
        discussion: """
            Files: \(ExportName.allCases.map(\.rawValue).joined(separator: ", ")), report.pdf (report.html printed on A4 by \
            headless Chromium, which must be installed: apt-get install chromium). The data is read in one consistent \
            snapshot and streamed, so memory stays flat however large the campaign is. On a terminal the progress \
            (rows, rate, time left) is shown on standard error; in scripts the command is quiet.
            """
    )
    @Option(help: "Campaign slug.") var campaign: String
    @Argument(help: "The file to export, e.g. proposals.csv, report.pdf or bundle.zip.") var name: String
    @Option(
        name: .shortAndLong,
        help:
            "Where to write; `-` for standard output. Default: <campaign>-<name> in the current directory, with the language where the words depend on it (bezirksbudget-mitte-report-de.pdf)."
    )
    var output: String?
    @Flag(help: "`;` as delimiter and a byte-order mark in CSV files, for German spreadsheet settings.") var german = false
    @Option(help: "Language of report.html and of the CSV column names: de or en.") var language: String = "de"
    @Option(help: "The budget area of election.pb, when the campaign has several.") var area: String?

    static let reportPDF = "report.pdf"

    func validate() throws {
        guard ExportName(rawValue: name) != nil || name == Self.reportPDF else {
            throw ValidationError(
                "unknown export '\(name)'; choose one of \((ExportName.allCases.map(\.rawValue) + [Self.reportPDF]).joined(separator: ", "))")
        }
        guard ReportLanguage(rawValue: language) != nil else { throw ValidationError("--language must be de or en") }
    }

    func run() async throws {
        let language = ReportLanguage(rawValue: self.language) ?? .de
        if self.name == Self.reportPDF { return try await printReport(language: language) }
        let name = ExportName(rawValue: self.name)!
        let environment = try CommandEnvironment.load()
        let path = output ?? name.fileName(campaign: campaign, language: language)
        let sink = try FileSink(path: path)
        let options = ExportOptions(germanSpreadsheet: german, language: language, area: area)
        let slug = campaign
        let summaries = try await environment.runService { database in
            let exports = ExportService(database: database, clock: environment.configuration.clock)
            let record = try await CampaignService(database: database, clock: environment.configuration.clock).require(slug)
            if name == .electionPB, record.fields.kind != .budget {
                throw CommandFailure("election.pb exists for budget campaigns only; \(slug) is a dialogue")
            }
            let meter = ProgressMeter(total: try await exports.estimatedRows(name, campaign: record), enabled: isatty(STDERR_FILENO) == 1)
            let written = try await exports.export(name, campaign: record, options: options, to: sink) { file, rows in meter.update(file, rows) }
            meter.finish()
            return written
        }
        try sink.close()
        if path != "-" {
            for summary in summaries {
                print("\(summary.name): \(summary.rows) rows, \(summary.bytes) bytes, sha256 \(summary.sha256)")
            }
            print("written to \(path)")
        }
    }
}

extension ExportCommand {
    /// report.html into a temporary file, printed to PDF by headless Chromium.
    func printReport(language: ReportLanguage) async throws {
        let path = output ?? "\(campaign)-report-\(language.rawValue).pdf"
        guard path != "-" else { throw CommandFailure("report.pdf is written to a file; name one with --output") }
        _ = try ReportPrinter.chromium()
        let environment = try CommandEnvironment.load()
        let directory = FileManager.default.temporaryDirectory.appending(path: "mitreden-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let html = directory.appending(path: "report.html")
        let sink = try FileSink(path: html.path)
        let slug = campaign
        try await environment.runService { database in
            let record = try await CampaignService(database: database, clock: environment.configuration.clock).require(slug)
            try await ExportService(database: database, clock: environment.configuration.clock)
                .export(.reportHTML, campaign: record, options: ExportOptions(language: language), to: sink)
        }
        try sink.close()
        let pdf = URL(filePath: path, relativeTo: URL(filePath: FileManager.default.currentDirectoryPath + "/")).absoluteURL
        try ReportPrinter.print(html: html, to: pdf)
        print("written to \(path)")
    }
}

/// Writes export chunks to a file or to standard output.
final class FileSink: ExportSink, @unchecked Sendable {
    private let handle: FileHandle
    private let ownsHandle: Bool

    init(path: String) throws {
        if path == "-" {
            handle = .standardOutput
            ownsHandle = false
        } else {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CommandFailure("cannot create \(path)")
            }
            handle = try FileHandle(forWritingTo: URL(filePath: path))
            ownsHandle = true
        }
    }

    func write(_ bytes: [UInt8]) async throws { try handle.write(contentsOf: bytes) }

    func close() throws { if ownsHandle { try handle.close() } }
}
