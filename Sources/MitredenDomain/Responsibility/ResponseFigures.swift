import Foundation

/// One proposal's promise as the figures see it: when it was published, when it was due,
/// and when the first official response came (nil: none yet).
public struct ResponseDutyDates: Sendable, Equatable {
    public var unitSlug: String
    public var unitName: String
    public var publishedOn: CalendarDay
    public var dueOn: CalendarDay
    public var respondedOn: CalendarDay?

    public init(unitSlug: String, unitName: String, publishedOn: CalendarDay, dueOn: CalendarDay, respondedOn: CalendarDay?) {
        self.unitSlug = unitSlug
        self.unitName = unitName
        self.publishedOn = publishedOn
        self.dueOn = dueOn
        self.respondedOn = respondedOn
    }

    /// Answered on or before its due day.
    public var answeredInTime: Bool { respondedOn.map { $0 <= dueOn } ?? false }

    /// Unanswered after its due day.
    public func isOverdue(today: CalendarDay) -> Bool { respondedOn == nil && today > dueOn }
}

/// How well a unit (or a whole campaign) kept the promise. Percentiles are nearest-rank
/// (the smallest value with at least p of the answers at or below it), so every figure is
/// a whole number of working days that some proposal really took.
public struct ResponseFigures: Sendable, Equatable {
    public var unitSlug: String?
    public var unitName: String?
    /// Proposals with a due date.
    public var proposals: Int
    /// Of those, answered by an official response.
    public var answered: Int
    public var medianWorkingDays: Int?
    public var p90WorkingDays: Int?
    /// Answered on or before the due day.
    public var answeredInTime: Int
    /// Proposals whose outcome is known: answered, or unanswered past their due day. The
    /// share within the promise is `answeredInTime / decided`; one still in time counts
    /// neither way yet.
    public var decided: Int
    public var overdueNow: Int

    /// `answeredInTime / decided`, nil when nothing is decided yet.
    public var shareInTime: Double? { decided == 0 ? nil : Double(answeredInTime) / Double(decided) }

    /// Per unit (by slug) and for all of them (`unitSlug` nil, first).
    public static func compute(_ duties: [ResponseDutyDates], today: CalendarDay, calendar: WorkingDayCalendar) -> [ResponseFigures] {
        let byUnit = Dictionary(grouping: duties, by: \.unitSlug)
        var figures = [figure(duties, unit: nil, today: today, calendar: calendar)]
        for slug in byUnit.keys.sorted() {
            let rows = byUnit[slug]!
            figures.append(figure(rows, unit: (slug, rows[0].unitName), today: today, calendar: calendar))
        }
        return figures
    }

    static func figure(
        _ duties: [ResponseDutyDates], unit: (slug: String, name: String)?, today: CalendarDay, calendar: WorkingDayCalendar
    ) -> ResponseFigures {
        let days = duties.compactMap { duty in duty.respondedOn.map { calendar.workingDays(from: duty.publishedOn, to: $0) } }.sorted()
        let inTime = duties.filter(\.answeredInTime).count
        let overdue = duties.filter { $0.isOverdue(today: today) }.count
        return ResponseFigures(
            unitSlug: unit?.slug, unitName: unit?.name, proposals: duties.count, answered: days.count,
            medianWorkingDays: nearestRank(50, of: days), p90WorkingDays: nearestRank(90, of: days),
            answeredInTime: inTime, decided: days.count + overdue, overdueNow: overdue)
    }

    /// The value at rank ⌈percent·n/100⌉ of the sorted values, in integers (no rounding
    /// error can move a rank).
    public static func nearestRank(_ percent: Int, of sorted: [Int]) -> Int? {
        guard !sorted.isEmpty else { return nil }
        let rank = (percent * sorted.count + 99) / 100
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
