import Foundation
import MitredenDomain

/// The response-time figures per unit that `/metrics` shows as gauges, read at each scrape
/// (as every instance reads them alike), over every campaign with a promise: counts and
/// working days only, never a person.
///
/// - `mitreden_response_overdue{unit}`: proposals past their due day without a response
/// - `mitreden_response_open{unit}`: proposals without a response
/// - `mitreden_response_median_working_days{unit}`, `…_p90_working_days{unit}`: to the
///   first official response (absent until one was answered)
/// - `mitreden_response_in_time_ratio{unit}`: answered in time / decided
public enum ResponseTimeGauges {
    /// One unit's gauges; nil where there is nothing to show yet.
    public struct UnitFigures: Sendable, Equatable {
        public var unit: String
        public var overdue: Int
        public var open: Int
        public var medianWorkingDays: Double?
        public var p90WorkingDays: Double?
        public var inTimeRatio: Double?
    }

    public static func read(now: Date, on database: Database) async throws -> [UnitFigures] {
        let calendar = try await Holidays.calendar(on: database)
        let dates = try await database.query(
            """
            SELECT u.slug, u.name, d.published_on::text, d.due_on::text, d.first_response_on::text
            FROM response_duties d JOIN proposals p ON p.id = d.proposal_id JOIN campaigns c ON c.id = p.campaign_id
            JOIN organization_units u ON u.id = coalesce(p.responsible_unit_id, c.unit_id)
            WHERE p.moderation_status = 'published' AND p.withdrawn_at IS NULL
            """
        ).map { row in
            let (slug, name, published, due, responded) = try row.decode((String, String, String, String, String?).self)
            return ResponseDutyDates(
                unitSlug: slug, unitName: name, publishedOn: try CalendarDay(stored: published), dueOn: try CalendarDay(stored: due),
                respondedOn: try responded.map { try CalendarDay(stored: $0) })
        }
        return ResponseFigures.compute(dates, today: calendar.day(of: now), calendar: calendar).compactMap { figure in
            guard let unit = figure.unitSlug else { return nil }
            return UnitFigures(
                unit: unit, overdue: figure.overdueNow, open: figure.proposals - figure.answered,
                medianWorkingDays: figure.medianWorkingDays.map { Double($0) }, p90WorkingDays: figure.p90WorkingDays.map { Double($0) },
                inTimeRatio: figure.shareInTime)
        }
    }
}
