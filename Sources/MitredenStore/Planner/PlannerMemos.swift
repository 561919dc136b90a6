import Foundation
import MitredenDomain
import Synchronization

/// What one instance keeps of its planners between requests, so a plan submission neither
/// reads a planner's definition (fifteen arrays) nor decodes the cached summary (some
/// kilobytes of JSON) every time.
/// - Definitions by the planner row's version (`xmin`, new with every definition): a
///   submission reads the version anyway and takes the definition from here while it matches.
/// - Summaries as last read from `planner_summaries`, used without reading that row again
///   for `recheck` (wall time). They are never fresher than the stored summary, and a
///   summary is at most `PlannerService.summaryFreshness` old either way.
final class PlannerMemos: Sendable {
    private struct Summary {
        var summary: PlannerSummary
        var computedAt: Date
        var readAt: ContinuousClock.Instant
    }

    private let definitions = Mutex<[Planner.ID: (version: String, record: PlannerRecord)]>([:])
    private let summaries = Mutex<[Planner.ID: Summary]>([:])
    let recheck: Duration

    init(recheck: Duration = .seconds(1)) {
        self.recheck = recheck
    }

    func definition(_ planner: Planner.ID, version: String) -> PlannerRecord? {
        definitions.withLock { entries in entries[planner].flatMap { $0.version == version ? $0.record : nil } }
    }

    func remember(_ record: PlannerRecord, version: String) {
        definitions.withLock { $0[record.id] = (version, record) }
    }

    /// The summary last read, while it was read less than `recheck` ago.
    func recentSummary(_ planner: Planner.ID) -> (summary: PlannerSummary, computedAt: Date)? {
        let now = ContinuousClock.now
        return summaries.withLock { entries in
            guard let entry = entries[planner], now - entry.readAt < recheck else { return nil }
            return (entry.summary, entry.computedAt)
        }
    }

    func remember(_ summary: PlannerSummary, of planner: Planner.ID, computedAt: Date) {
        let now = ContinuousClock.now
        summaries.withLock { $0[planner] = Summary(summary: summary, computedAt: computedAt, readAt: now) }
    }
}
