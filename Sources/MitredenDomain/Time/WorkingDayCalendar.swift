import Foundation

/// A date on the city's calendar, without a time: the unit response promises count in.
/// Spelled `YYYY-MM-DD` everywhere (JSON, CSV, SQL's `date`).
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// nil for a date that does not exist (2026-02-30) or a year outside 1900…9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1900...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        var components = DateComponents(year: year, month: month, day: day)
        components.calendar = Self.gregorian
        guard components.isValidDate else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day `date` falls on in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone) {
        var calendar = Self.gregorian
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        year = parts.year!
        month = parts.month!
        day = parts.day!
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The next calendar day (across month and year ends).
    public var next: CalendarDay { adding(days: 1) }

    public var previous: CalendarDay { adding(days: -1) }

    func adding(days: Int) -> CalendarDay {
        let moved = Self.gregorian.date(byAdding: .day, value: days, to: noonUTC)!
        return CalendarDay(moved, in: TimeZone(identifier: "UTC")!)
    }

    /// Saturday or Sunday.
    public var isWeekend: Bool {
        let weekday = Self.gregorian.component(.weekday, from: noonUTC)
        return weekday == 1 || weekday == 7
    }

    /// Noon UTC of the day: far from any day boundary, so arithmetic never slips a day.
    private var noonUTC: Date {
        Self.gregorian.date(from: DateComponents(timeZone: TimeZone(identifier: "UTC"), year: year, month: month, day: day, hour: 12))!
    }

    private static let gregorian: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}

/// The city's working days: Monday to Friday except the holidays it lists (per year,
/// loaded with `mitreden calendar load`). Response promises count in these days.
public struct WorkingDayCalendar: Sendable, Equatable {
    public let holidays: Set<CalendarDay>
    /// Where a moment becomes a day: Hamburg's time, whatever the server's zone.
    public let timeZone: TimeZone

    /// The city's zone; every promise is kept in it.
    public static let hamburg = TimeZone(identifier: "Europe/Berlin")!

    public init(holidays: [CalendarDay], timeZone: TimeZone = WorkingDayCalendar.hamburg) {
        self.holidays = Set(holidays)
        self.timeZone = timeZone
    }

    public func isWorkingDay(_ day: CalendarDay) -> Bool { !day.isWeekend && !holidays.contains(day) }

    public func day(of date: Date) -> CalendarDay { CalendarDay(date, in: timeZone) }

    /// The moment `hour` o'clock of `day` in the calendar's zone (for seeds and tests).
    public func moment(_ day: CalendarDay, hour: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour))!
    }

    /// The `count`th working day after `start` (`start` itself never counts, whether it is a
    /// working day or not): a proposal published on Friday with a promise of one working
    /// day is due on Monday, one published on a holiday is counted from the next working day.
    /// `count` is bounded by ``ResponsePromise/maximumDays``, so the walk is short.
    public func adding(workingDays count: Int, to start: CalendarDay) -> CalendarDay {
        var day = start
        var remaining = max(0, count)
        while remaining > 0 {
            day = day.next
            if isWorkingDay(day) { remaining -= 1 }
        }
        return day
    }

    /// The day `count` working days before `end` (a reminder's day), never before `floor`.
    public func subtracting(workingDays count: Int, from end: CalendarDay, floor: CalendarDay) -> CalendarDay {
        var day = end
        var remaining = max(0, count)
        while remaining > 0, day > floor {
            day = day.previous
            if isWorkingDay(day) { remaining -= 1 }
        }
        return max(day, floor)
    }

    /// Working days in `(from, to]`: 0 for an answer on the day of publication or before the
    /// next working day, 1 for one on the next working day. Bounded by the span's length
    /// in days, which callers take from stored dates of one campaign.
    public func workingDays(from start: CalendarDay, to end: CalendarDay) -> Int {
        guard end > start else { return 0 }
        var count = 0
        var day = start
        while day < end {
            day = day.next
            if isWorkingDay(day) { count += 1 }
        }
        return count
    }
}
