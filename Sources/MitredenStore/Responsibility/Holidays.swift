import Foundation
import MitredenDomain
import PostgresNIO

/// The city's holiday list, the half of the working-day calendar that is not weekends.
public enum Holidays {
    /// Replaces the holidays of every year the list names with the list's, in one
    /// transaction: loading a corrected year twice leaves exactly that year's list.
    /// Returns the years replaced.
    @discardableResult
    public static func load(_ holidays: [Holiday], on db: some SQLExecutor) async throws -> [Int] {
        let years = Array(Set(holidays.map(\.day.year))).sorted()
        try await db.transaction { tx in
            for year in years {
                try await tx.query("DELETE FROM holidays WHERE extract(year FROM day) = \(year)")
            }
            for holiday in holidays {
                try await tx.query("INSERT INTO holidays (day, name) VALUES (\(holiday.day.description)::date, \(holiday.name))")
            }
        }
        return years
    }

    /// Every holiday, by day (a few dozen a year: read whole).
    public static func all(on db: some SQLExecutor) async throws -> [Holiday] {
        try await db.query("SELECT day::text, name FROM holidays ORDER BY day").map { row in
            let (day, name) = try row.decode((String, String).self)
            return Holiday(day: try CalendarDay(stored: day), name: name)
        }
    }

    /// The calendar promises are counted in.
    public static func calendar(on db: some SQLExecutor) async throws -> WorkingDayCalendar {
        WorkingDayCalendar(holidays: try await all(on: db).map(\.day))
    }
}

extension CalendarDay {
    /// A `date` read back as text; anything else is a bug.
    init(stored text: String) throws {
        guard let day = CalendarDay(text) else { throw ServiceError.unexpected("stored date '\(text)' is not YYYY-MM-DD") }
        self = day
    }
}
