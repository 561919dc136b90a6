import Foundation
import Metrics
import MitredenDomain

/// The response-time figures per unit as Prometheus gauges (`/metrics`), over every
/// campaign with a promise: counts and working days only, never a person.
///
/// - `mitreden_response_overdue{unit}`: proposals past their due day without a response
/// - `mitreden_response_open{unit}`: proposals without a response
/// - `mitreden_response_median_working_days{unit}`, `…_p90_working_days{unit}`: to the
///   first official response (absent until one was answered)
/// - `mitreden_response_in_time_ratio{unit}`: answered in time / decided
public enum ResponseTimeGauges {
    public static func refresh(now: Date, on database: Database) async throws {
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
        for figure in ResponseFigures.compute(dates, today: calendar.day(of: now), calendar: calendar) {
            guard let unit = figure.unitSlug else { continue }
            let dimensions = [("unit", unit)]
            Gauge(label: "mitreden_response_overdue", dimensions: dimensions).record(figure.overdueNow)
            Gauge(label: "mitreden_response_open", dimensions: dimensions).record(figure.proposals - figure.answered)
            if let median = figure.medianWorkingDays {
                Gauge(label: "mitreden_response_median_working_days", dimensions: dimensions).record(median)
            }
            if let p90 = figure.p90WorkingDays {
                Gauge(label: "mitreden_response_p90_working_days", dimensions: dimensions).record(p90)
            }
            if let share = figure.shareInTime {
                Gauge(label: "mitreden_response_in_time_ratio", dimensions: dimensions).record(share)
            }
        }
    }
}
