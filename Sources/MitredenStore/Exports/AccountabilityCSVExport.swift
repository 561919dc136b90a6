import Foundation
import MitredenDomain
import PostgresNIO

/// `accountability.csv`: every published proposal with its responsible unit, the promise's
/// dates, the working days to the first official response and the latest implementation
/// status — the figures of the report and of `GET …/response-times` can be recomputed from
/// it. `overdue_now` is judged at `now`, the service's clock. Text cells are formula-safe
/// (``CSVWriter``).
public enum AccountabilityCSVExport {
    public static let header = [
        "proposal", "title", "unit", "unit_name", "response_status", "published_on", "due_on", "responded_on",
        "working_days_to_response", "answered_in_time", "overdue_now", "implementation", "implementation_on", "implementation_reason",
    ]

    public static func write(
        campaign: Campaign.ID, in snapshot: ExportSnapshot, now: Date, options: CSVWriter.Options, to file: ExportFileWriter
    ) async throws {
        let csv = CSVWriter(options: options)
        let calendar = try await Holidays.calendar(on: snapshot.tx)
        let today = calendar.day(of: now)
        try await file.write(csv.preamble + csv.row(header))
        let rows = try await snapshot.tx.stream(ImplementationUpdates.select(campaign: campaign, after: nil, limit: nil))
        for try await row in rows {
            let line = try ImplementationUpdates.decodeRow(row)
            var days: CSVCell = .text("")
            if let published = line.publishedOn, let responded = line.respondedOn {
                days = .int(calendar.workingDays(from: published, to: responded))
            }
            let inTime = line.dueOn.map { due in line.respondedOn.map { $0 <= due ? "yes" : "no" } ?? "" } ?? ""
            let overdue = line.dueOn.map { line.respondedOn == nil && today > $0 ? "yes" : "no" } ?? ""
            try await file.write(
                csv.row([
                    .text(line.proposalID.description), .text(line.title), .text(line.unit), .text(line.unitName),
                    .text(line.lifecycleStatus.rawValue), .optional(line.publishedOn?.description), .optional(line.dueOn?.description),
                    .optional(line.respondedOn?.description), days, .text(inTime), .text(overdue),
                    .optional(line.implementation?.rawValue), .optional(line.implementationOn?.description),
                    .optional(line.implementationReason),
                ]))
            file.countRow()
        }
    }
}
