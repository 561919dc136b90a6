import MitredenDomain

/// The files a campaign can be exported as (DESIGN §8).
public enum ExportName: String, Sendable, CaseIterable {
    case proposalsCSV = "proposals.csv"
    case commentsCSV = "comments.csv"
    case resultsJSON = "results.json"
    case electionPB = "election.pb"
    case reportHTML = "report.html"
    case bundleZIP = "bundle.zip"
    case accountabilityCSV = "accountability.csv"
    case plansCSV = "plans.csv"
    case plannerSummaryCSV = "planner-summary.csv"

    /// The files that exist only for a campaign with a budget planner.
    public static let plannerFiles: Set<ExportName> = [.plansCSV, .plannerSummaryCSV]

    /// The file name a download or the command line gives it: the campaign, the export and,
    /// where the words depend on it (the report, CSV column names, the bundle), the language:
    /// `bezirksbudget-mitte-report-de.html`.
    public func fileName(campaign slug: String, language: Language) -> String {
        switch self {
        case .resultsJSON, .electionPB: return "\(slug)-\(rawValue)"
        default:
            let base = rawValue.split(separator: ".", maxSplits: 1)
            return "\(slug)-\(base[0])-\(language.rawValue).\(base[1])"
        }
    }

    public var contentType: String {
        switch self {
        case .proposalsCSV, .commentsCSV, .accountabilityCSV, .plansCSV, .plannerSummaryCSV: "text/csv; charset=utf-8"
        case .resultsJSON: "application/json"
        case .electionPB: "text/plain; charset=utf-8"
        case .reportHTML: "text/html; charset=utf-8"
        case .bundleZIP: "application/zip"
        }
    }
}

/// Choices that change the bytes of an export; recorded in the bundle's manifest.
public struct ExportOptions: Sendable, Equatable {
    /// `;` and a byte-order mark, for spreadsheets with German settings.
    public var germanSpreadsheet: Bool
    /// The language of report.html and of the CSV files' column names.
    public var language: ReportLanguage
    /// The budget area of `election.pb` (needed when the campaign has several).
    public var area: String?

    public init(germanSpreadsheet: Bool = false, language: ReportLanguage = .de, area: String? = nil) {
        self.germanSpreadsheet = germanSpreadsheet
        self.language = language
        self.area = area
    }
}
