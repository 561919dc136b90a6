/// The files a campaign can be exported as (DESIGN §8).
public enum ExportName: String, Sendable, CaseIterable {
    case proposalsCSV = "proposals.csv"
    case commentsCSV = "comments.csv"
    case resultsJSON = "results.json"
    case electionPB = "election.pb"
    case bundleZIP = "bundle.zip"

    public var contentType: String {
        switch self {
        case .proposalsCSV, .commentsCSV: "text/csv; charset=utf-8"
        case .resultsJSON: "application/json"
        case .electionPB: "text/plain; charset=utf-8"
        case .bundleZIP: "application/zip"
        }
    }
}

/// Choices that change the bytes of an export; recorded in the bundle's manifest.
public struct ExportOptions: Sendable, Equatable {
    /// `;` and a byte-order mark, for spreadsheets with German settings.
    public var germanSpreadsheet: Bool

    public init(germanSpreadsheet: Bool = false) { self.germanSpreadsheet = germanSpreadsheet }
}
