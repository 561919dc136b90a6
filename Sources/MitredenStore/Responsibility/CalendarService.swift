import Foundation
import MitredenDomain

/// The city's working-day calendar: loading a holiday list and reading it.
public struct CalendarService: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// Reads a holiday list (``HolidayList``) and replaces the holidays of every year it
    /// names. Due days already set stay as they were promised. Audited.
    public func load(_ text: String, by actor: AuditActor, now: Date) async throws -> (years: [Int], holidays: Int) {
        let holidays: [Holiday]
        do {
            holidays = try HolidayList.parse(text)
        } catch {
            throw ServiceError.invalid([.init(field: "line \(error.line)", message: error.message)])
        }
        guard !holidays.isEmpty else { throw ServiceError.invalid([.init(field: "file", message: "lists no holidays")]) }
        let years = try await database.withTransaction { tx in
            let years = try await Holidays.load(holidays, on: tx)
            try await Audit.record(
                "calendar.load", target: ("calendar", "holidays"), by: actor,
                reason: "\(holidays.count) holidays in \(years.map(String.init).joined(separator: ", "))", now: now, on: tx)
            return years
        }
        return (years, holidays.count)
    }

    public func holidays(in year: Int?) async throws -> [Holiday] {
        try await Holidays.all(on: database).filter { year == nil || $0.day.year == year }
    }
}
