import Foundation

/// The kinds of window a campaign's schedule is made of; each decides what participants
/// may do while it runs (DESIGN §4).
public enum PhaseKind: String, Sendable, CaseIterable, Codable {
    case information, proposals, discussion, voting, evaluation, results
}

/// One window of a campaign's schedule, from `startsAt` (inclusive) to `endsAt` (exclusive).
public struct PhaseWindow: Sendable, Equatable, Codable {
    public var kind: PhaseKind
    public var startsAt: Date
    public var endsAt: Date

    public init(kind: PhaseKind, startsAt: Date, endsAt: Date) {
        self.kind = kind
        self.startsAt = startsAt
        self.endsAt = endsAt
    }

    public func contains(_ instant: Date) -> Bool { startsAt <= instant && instant < endsAt }
}

/// A problem with a schedule; `field` names the input (e.g. `phases[1].endsAt`).
public struct ScheduleProblem: Error, Sendable, Equatable {
    public var field: String
    public var message: String
}

/// A campaign's ordered list of windows.
public struct PhaseSchedule: Sendable, Equatable {
    public private(set) var windows: [PhaseWindow]

    /// Checks that every window ends after it starts and that each starts no earlier than
    /// the previous one ends; the database enforces the same with an exclusion constraint.
    public init(validating windows: [PhaseWindow]) throws(ScheduleProblem) {
        for (index, window) in windows.enumerated() {
            guard window.startsAt < window.endsAt else {
                throw ScheduleProblem(
                    field: "phases[\(index)].endsAt",
                    message: "the \(window.kind.rawValue) phase must end after it starts")
            }
            if index > 0, window.startsAt < windows[index - 1].endsAt {
                throw ScheduleProblem(
                    field: "phases[\(index)].startsAt",
                    message: "the \(window.kind.rawValue) phase overlaps the \(windows[index - 1].kind.rawValue) phase before it")
            }
        }
        self.windows = windows
    }

    /// Trusted windows read back from the database.
    public init(stored windows: [PhaseWindow]) { self.windows = windows.sorted { $0.startsAt < $1.startsAt } }

    /// The window running at `instant`, if any (none before the first, between windows, after the last).
    public func current(at instant: Date) -> PhaseWindow? { windows.first { $0.contains(instant) } }
}
