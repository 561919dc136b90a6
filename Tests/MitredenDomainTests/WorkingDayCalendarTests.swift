import Foundation
import MitredenDomain
import Testing

/// Working days of the city's calendar: weekends and listed holidays are off; a promise
/// counts from the day after publication.
@Suite struct WorkingDayCalendarTests {
    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    /// Hamburg's list as the project ships it.
    static let hamburg: WorkingDayCalendar = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "../../Deploy/holidays/hamburg.csv")
        let text = try! String(contentsOf: file, encoding: .utf8)
        return WorkingDayCalendar(holidays: try! HolidayList.parse(text).map(\.day))
    }()

    @Test func weekendsAreSkipped() {
        let calendar = WorkingDayCalendar(holidays: [])
        // Friday 2026-11-06 + 1 working day is Monday the 9th.
        #expect(calendar.adding(workingDays: 1, to: Self.day("2026-11-06")) == Self.day("2026-11-09"))
        // Monday + 10 working days is Monday two weeks later.
        #expect(calendar.adding(workingDays: 10, to: Self.day("2026-11-02")) == Self.day("2026-11-16"))
        #expect(calendar.isWorkingDay(Self.day("2026-11-07")) == false)
        #expect(calendar.workingDays(from: Self.day("2026-11-06"), to: Self.day("2026-11-09")) == 1)
        #expect(calendar.workingDays(from: Self.day("2026-11-06"), to: Self.day("2026-11-08")) == 0)
    }

    @Test func holidaysAreSkipped() {
        // Ascension Day 2026 is Thursday 14 May: Wednesday + 2 working days is Friday's next, Monday.
        #expect(Self.hamburg.adding(workingDays: 2, to: Self.day("2026-05-13")) == Self.day("2026-05-18"))
        // Good Friday and Easter Monday 2026 (3 and 6 April).
        #expect(Self.hamburg.adding(workingDays: 1, to: Self.day("2026-04-02")) == Self.day("2026-04-07"))
        #expect(Self.hamburg.workingDays(from: Self.day("2026-04-02"), to: Self.day("2026-04-07")) == 1)
    }

    @Test func aDueDateAcrossNewYearSkipsChristmasAndNewYearsDay() {
        // Published Wed 2026-12-23: 24 Dec (Thu) counts, 25/26 Dec and the weekend do not,
        // 28–31 Dec count, 1 Jan (holiday) and the weekend do not: 10 working days end on Fri 8 Jan.
        #expect(Self.hamburg.adding(workingDays: 10, to: Self.day("2026-12-23")) == Self.day("2027-01-08"))
        #expect(Self.hamburg.workingDays(from: Self.day("2026-12-23"), to: Self.day("2027-01-08")) == 10)
        #expect(Self.day("2026-12-31").next == Self.day("2027-01-01"))
    }

    @Test func aProposalPublishedOnAHolidayCountsFromTheNextWorkingDay() {
        // Published on Reformation Day 2025 (Friday 31 October): one working day is Monday 3 November.
        #expect(Self.hamburg.isWorkingDay(Self.day("2025-10-31")) == false)
        #expect(Self.hamburg.adding(workingDays: 1, to: Self.day("2025-10-31")) == Self.day("2025-11-03"))
        // Published on New Year's Day 2027 (Friday): 10 working days end on Friday 15 January.
        let promise = ResponsePromise(workingDays: 10, reminderDaysBefore: 2)
        let schedule = promise.schedule(publishedOn: Self.day("2027-01-01"), calendar: Self.hamburg)
        #expect(schedule.due == Self.day("2027-01-15"))
        #expect(schedule.remind == Self.day("2027-01-13"))
    }

    @Test func theReminderNeverFallsBeforePublication() {
        let promise = ResponsePromise(workingDays: 1, reminderDaysBefore: 0)
        let schedule = promise.schedule(publishedOn: Self.day("2026-11-06"), calendar: Self.hamburg)
        #expect(schedule == (due: Self.day("2026-11-09"), remind: Self.day("2026-11-09")))
        let early = WorkingDayCalendar(holidays: []).subtracting(workingDays: 5, from: Self.day("2026-11-09"), floor: Self.day("2026-11-06"))
        #expect(early == Self.day("2026-11-06"))
    }

    @Test func aMomentBecomesAHamburgDay() {
        // 23:30 UTC on 31 December is already New Year's Day in Hamburg.
        let moment = ISO8601DateFormatter().date(from: "2026-12-31T23:30:00Z")!
        #expect(Self.hamburg.day(of: moment) == Self.day("2027-01-01"))
        #expect(Self.hamburg.moment(Self.day("2027-01-01"), hour: 0) == ISO8601DateFormatter().date(from: "2026-12-31T23:00:00Z")!)
    }

    @Test func theHolidayListRefusesWhatIsNotACalendar() {
        #expect(throws: HolidayList.Problem(line: 2, message: "'2026-02-30' is not a date YYYY-MM-DD")) {
            try HolidayList.parse("# Kommentar\n2026-02-30,Kein Tag\n")
        }
        #expect(throws: HolidayList.Problem(line: 3, message: "2026-01-01 is listed twice")) {
            try HolidayList.parse("2026-01-01,Neujahr\n\n2026-01-01,Neujahr\n")
        }
        #expect(throws: HolidayList.Problem(line: 1, message: "expected YYYY-MM-DD,Name")) { try HolidayList.parse("2026-01-01") }
        #expect(throws: HolidayList.Problem(line: 1, message: "the name must have 1 to 200 characters")) { try HolidayList.parse("2026-01-01,") }
        #expect(Self.hamburg.holidays.count == 30)
        #expect(CalendarDay("26-1-1") == nil && CalendarDay("2026-13-01") == nil)
    }

    @Test func aPromiseIsBounded() {
        #expect(ResponsePromise(workingDays: 10).problems.isEmpty)
        #expect(ResponsePromise(workingDays: 0).problems.map(\.field).contains("settings.responsePromise.workingDays"))
        #expect(ResponsePromise(workingDays: 66).problems.map(\.field).contains("settings.responsePromise.workingDays"))
        #expect(ResponsePromise(workingDays: 3, reminderDaysBefore: 3).problems.map(\.field) == ["settings.responsePromise.reminderDaysBefore"])
    }

    @Test func figuresUseNearestRankPercentilesAndCountOnlyDecidedProposals() {
        let calendar = WorkingDayCalendar(holidays: [])
        func duty(_ unit: String, _ published: String, _ due: String, _ responded: String?) -> ResponseDutyDates {
            ResponseDutyDates(
                unitSlug: unit, unitName: unit.uppercased(), publishedOn: Self.day(published), dueOn: Self.day(due),
                respondedOn: responded.map(Self.day))
        }
        let duties = [
            duty("a", "2026-11-02", "2026-11-16", "2026-11-04"),  // 2 working days, in time
            duty("a", "2026-11-02", "2026-11-16", "2026-11-16"),  // 10, in time (on the due day)
            duty("a", "2026-11-02", "2026-11-16", "2026-11-18"),  // 12, late
            duty("a", "2026-11-02", "2026-11-16", nil),  // overdue on the 20th
            duty("b", "2026-11-16", "2026-11-30", nil),  // still in time
        ]
        let figures = ResponseFigures.compute(duties, today: Self.day("2026-11-20"), calendar: calendar)
        #expect(figures.map(\.unitSlug) == [nil, "a", "b"])
        let a = figures[1]
        #expect(a.answered == 3 && a.medianWorkingDays == 10 && a.p90WorkingDays == 12)
        #expect(a.answeredInTime == 2 && a.decided == 4 && a.overdueNow == 1)
        #expect(a.shareInTime == 0.5)
        #expect(figures[2].shareInTime == nil && figures[2].medianWorkingDays == nil && figures[2].overdueNow == 0)
        #expect(figures[0].proposals == 5)
        #expect(ResponseFigures.nearestRank(90, of: Array(1...10)) == 9)
        #expect(ResponseFigures.nearestRank(50, of: [4]) == 4)
    }
}
