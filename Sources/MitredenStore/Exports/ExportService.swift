import Foundation
import MitredenDomain

/// Streams a campaign's exports to any sink (an HTTP body, a file) from one consistent
/// snapshot. Callers decide who may export; this decides what is in the files.
public struct ExportService: Sendable {
    public let database: Database
    public let clock: AppClock
    public static let softwareVersion = "mitreden \(BuildInfo.version)"

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    /// Writes `name` for the campaign to `sink`; returns what was written (every file of a bundle).
    @discardableResult
    public func export(
        _ name: ExportName, campaign: CampaignRecord, options: ExportOptions, to sink: any ExportSink,
        progress: @escaping @Sendable (String, Int) -> Void = { _, _ in }
    ) async throws -> [ExportFileSummary] {
        try await ExportSnapshot.read(from: database) { snapshot in
            if name == .bundleZIP {
                return try await bundle(campaign: campaign, options: options, snapshot: snapshot, to: sink, progress: progress)
            }
            let file = ExportFileWriter(name: name.rawValue, sink: sink) { progress(name.rawValue, $0) }
            try await write(name, campaign: campaign, options: options, snapshot: snapshot, to: file)
            return [try await file.finish()]
        }
    }

    private func write(
        _ name: ExportName, campaign: CampaignRecord, options: ExportOptions, snapshot: ExportSnapshot, to file: ExportFileWriter
    ) async throws {
        let csv = options.germanSpreadsheet ? CSVWriter.Options.german : CSVWriter.Options()
        switch name {
        case .proposalsCSV:
            try await ProposalsCSVExport.write(campaign: campaign.id, in: snapshot, options: csv, language: options.language, to: file)
        case .commentsCSV:
            try await CommentsCSVExport.write(campaign: campaign.id, in: snapshot, options: csv, language: options.language, to: file)
        case .resultsJSON: try await ResultsJSONExport.write(campaign: campaign.id, slug: campaign.slug, in: snapshot, to: file)
        case .electionPB:
            try await ElectionExport.write(campaign: campaign, area: campaign.area(named: options.area), in: snapshot, to: file)
        case .reportHTML:
            var report = try await ReportData.gather(campaign: campaign, in: snapshot)
            // Overdue is judged on the service's clock, as the API's figures are.
            report.accountability = try await AccountabilityReportData.gather(campaign: campaign, in: snapshot, now: clock.now)
            report.planner = try await PlannerReportData.gather(campaign: campaign, in: snapshot)
            try await file.write(ReportRenderer.html(report, language: options.language))
        case .accountabilityCSV:
            try await AccountabilityCSVExport.write(campaign: campaign.id, in: snapshot, now: clock.now, options: csv, to: file)
        case .plansCSV:
            try await PlansCSVExport.write(
                planner: try await requirePlanner(campaign, in: snapshot), in: snapshot, options: csv, language: options.language, to: file)
        case .plannerSummaryCSV:
            let planner = try await requirePlanner(campaign, in: snapshot)
            let summary = try await PlannerSummaries.compute(planner, on: snapshot.tx)
            try await PlannerSummaryCSVExport.write(planner: planner, summary: summary, options: csv, language: options.language, to: file)
        case .bundleZIP: break
        }
    }

    /// Every file, then `manifest.json` with each file's SHA-256 and row count.
    private func bundle(
        campaign: CampaignRecord, options: ExportOptions, snapshot: ExportSnapshot, to sink: any ExportSink,
        progress: @escaping @Sendable (String, Int) -> Void
    ) async throws -> [ExportFileSummary] {
        let zip = ZipEntrySink(sink: sink)
        var summaries: [ExportFileSummary] = []
        var names = [ExportName.proposalsCSV, .commentsCSV, .resultsJSON, .reportHTML, .accountabilityCSV]
        if try await Planners.find(campaign: campaign.id, on: snapshot.tx) != nil { names += [.plansCSV, .plannerSummaryCSV] }
        for name in names {
            try await zip.begin(name.rawValue)
            let file = ExportFileWriter(name: name.rawValue, sink: zip) { progress(name.rawValue, $0) }
            try await write(name, campaign: campaign, options: options, snapshot: snapshot, to: file)
            summaries.append(try await file.finish())
            try await zip.end()
        }
        // A Pabulib file holds one budget: one per area, with how to recount them.
        var electionFiles: [String] = []
        for area in campaign.fields.kind == .budget ? campaign.areas : [] {
            let fileName = campaign.areas.count == 1 ? ExportName.electionPB.rawValue : "election-\(area.slug).pb"
            try await zip.begin(fileName)
            let file = ExportFileWriter(name: fileName, sink: zip) { progress(fileName, $0) }
            try await ElectionExport.write(campaign: campaign, area: area, in: snapshot, to: file)
            summaries.append(try await file.finish())
            try await zip.end()
            electionFiles.append(fileName)
        }
        if !electionFiles.isEmpty {
            let text = RecountText.text(campaign: campaign.fields.title, electionFiles: electionFiles)
            try await zip.begin("recount.txt")
            let file = ExportFileWriter(name: "recount.txt", sink: zip) { _ in }
            try await file.write(text)
            summaries.append(try await file.finish())
            try await zip.end()
        }
        let manifest = ExportManifest(
            campaign: campaign.slug, title: campaign.fields.title, snapshotAt: ExportFormat.timestamp(snapshot.takenAt),
            software: Self.softwareVersion,
            options: .init(
                delimiter: options.germanSpreadsheet ? ";" : ",", byteOrderMark: options.germanSpreadsheet,
                language: options.language.rawValue),
            filters: "published proposals and comments only; authors not named",
            files: summaries
        )
        try await zip.add("manifest.json", contents: try manifest.encoded())
        try await zip.finish()
        return summaries
    }
}

extension ExportService {
    /// The campaign's planner; the export route answers 404 before streaming when there is none.
    func requirePlanner(_ campaign: CampaignRecord, in snapshot: ExportSnapshot) async throws -> PlannerRecord {
        guard let planner = try await Planners.find(campaign: campaign.id, on: snapshot.tx) else {
            throw ServiceError.notFound("campaign '\(campaign.slug)' has no budget planner")
        }
        return planner
    }
}

/// What a bundle contains, for anyone checking it later.
struct ExportManifest: Encodable {
    struct Options: Encodable {
        var delimiter: String
        var byteOrderMark: Bool
        var language: String
    }

    var campaign: String
    var title: String
    /// When the consistent snapshot was read; the only value that differs between two
    /// exports of unchanged data.
    var snapshotAt: String
    var software: String
    var options: Options
    var filters: String
    var files: [ExportFileSummary]

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0A]
    }
}

extension ExportService {
    /// About how many rows `name` will have, for progress output (read before the snapshot).
    public func estimatedRows(_ name: ExportName, campaign: CampaignRecord) async throws -> Int {
        let database = self.database
        func count(_ kind: ExportCounts.Kind) async throws -> Int {
            try await ExportCounts.count(kind, campaign: campaign.id, on: database)
        }
        do {
            switch name {
            case .proposalsCSV, .accountabilityCSV: return try await count(.proposals)
            case .commentsCSV: return try await count(.comments)
            case .resultsJSON: return try await count(.resultRuns)
            case .electionPB: return try await count(.ballots)
            case .reportHTML, .plannerSummaryCSV: return 0
            case .plansCSV: return try await count(.plans)
            case .bundleZIP:
                let ballots = campaign.fields.kind == .budget ? try await count(.ballots) : 0
                return try await count(.proposals) + count(.comments) + count(.resultRuns) + ballots + count(.plans)
            }
        }
    }
}
