import Foundation

/// A campaign's promise: every published proposal gets an official response within
/// `workingDays` working days of the city's calendar; the responsible officials are
/// reminded `reminderDaysBefore` working days before the due date.
public struct ResponsePromise: Sendable, Equatable, Codable {
    public var workingDays: Int
    public var reminderDaysBefore: Int

    /// A quarter of a year: longer is no promise, and it bounds every calendar walk.
    public static let maximumDays = 65

    public init(workingDays: Int, reminderDaysBefore: Int = 2) {
        self.workingDays = workingDays
        self.reminderDaysBefore = reminderDaysBefore
    }

    /// Each problem names its field under `settings.responsePromise`.
    public var problems: [ScheduleProblem] {
        var problems: [ScheduleProblem] = []
        if !(1...Self.maximumDays).contains(workingDays) {
            problems.append(.init(field: "settings.responsePromise.workingDays", message: "must be between 1 and \(Self.maximumDays)"))
        }
        if !(0...Self.maximumDays).contains(reminderDaysBefore) || reminderDaysBefore >= max(workingDays, 1) {
            problems.append(
                .init(field: "settings.responsePromise.reminderDaysBefore", message: "must be at least 0 and less than workingDays"))
        }
        return problems
    }

    /// What a proposal published on `day` is owed: its due day and the day of the reminder.
    public func schedule(publishedOn day: CalendarDay, calendar: WorkingDayCalendar) -> (due: CalendarDay, remind: CalendarDay) {
        let due = calendar.adding(workingDays: workingDays, to: day)
        let remind = calendar.subtracting(workingDays: reminderDaysBefore, from: due, floor: day)
        return (due, remind)
    }
}

/// What happened to a proposal after its official response, told in public (the
/// accountability report). `notDone` carries its reason.
public enum ImplementationStatus: String, Sendable, CaseIterable, Codable {
    case planned, inProgress = "in_progress", done, notDone = "not_done"
}
