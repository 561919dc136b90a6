import Foundation
import MitredenDomain
import PostgresNIO

/// The report's accountability chapter, read from the export snapshot: the same rows as
/// accountability.csv and the same figures as `GET …/response-times`.
enum AccountabilityReportData {
    static func gather(campaign: CampaignRecord, in snapshot: ExportSnapshot, now: Date) async throws -> AccountabilityChapter {
        let calendar = try await Holidays.calendar(on: snapshot.tx)
        let dates = try await ResponseDuties.dates(of: campaign.id, on: snapshot.tx)
        let figures = ResponseFigures.compute(dates, today: calendar.day(of: now), calendar: calendar)
        let rows = try await snapshot.tx.query(
            ImplementationUpdates.select(campaign: campaign.id, after: nil, limit: AccountabilityChapter.lineLimit)
        ).map(ImplementationUpdates.decodeRow)
        let total = try await ExportCounts.count(.proposals, campaign: campaign.id, on: snapshot.tx)
        return AccountabilityChapter(
            promisedDays: campaign.fields.settings.responsePromise?.workingDays, figures: figures,
            lines: rows.map { row in
                .init(
                    title: row.title, unitName: row.unitName, dueOn: row.dueOn, respondedOn: row.respondedOn,
                    responseStatus: row.lifecycleStatus.rawValue, implementation: row.implementation, implementationOn: row.implementationOn,
                    implementationReason: row.implementationReason)
            },
            totalLines: max(total, rows.count))
    }
}
