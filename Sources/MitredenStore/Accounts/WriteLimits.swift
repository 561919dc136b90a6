import Foundation
import MitredenDomain
import PostgresNIO

/// What a participant writes, each counted on its own.
public enum WriteAction: String, Sendable, CaseIterable {
    case proposal, comment, flag, ballot
    /// Supports and ratings, and taking them back: toggling is as cheap to flood as voting.
    case vote

    /// The configuration variable that sets this action's limits.
    public var variable: String {
        switch self {
        case .proposal: "MITREDEN_WRITE_LIMIT_PROPOSALS"
        case .comment: "MITREDEN_WRITE_LIMIT_COMMENTS"
        case .flag: "MITREDEN_WRITE_LIMIT_FLAGS"
        case .vote: "MITREDEN_WRITE_LIMIT_VOTES"
        case .ballot: "MITREDEN_WRITE_LIMIT_BALLOTS"
        }
    }
}

/// At most `count` attempts per `seconds` (60 or 3600).
public struct RateLimit: Sendable, Hashable, CustomStringConvertible {
    public var count: Int
    public var seconds: Int
    public init(_ count: Int, per seconds: Int) {
        self.count = count
        self.seconds = seconds
    }
    public var description: String { "\(count)/\(seconds == 60 ? "min" : "h")" }
}

/// Per-account limits on participants' writes, so that one account cannot flood a
/// discussion (measured before: 3,000 replies in 23 s). Counted in PostgreSQL in fixed
/// windows, so every instance shares the counts.
///
/// Services hold ``unlimited`` unless the API gives them the configured limits: the command
/// line and staff entering contributions on someone's behalf are not throttled.
public struct WriteLimits: Sendable, Equatable {
    public var limits: [WriteAction: [RateLimit]]

    public init(_ limits: [WriteAction: [RateLimit]]) { self.limits = limits }

    public static let unlimited = WriteLimits([:])

    /// Generous for a citizen writing by hand (and correcting a refused form a few times:
    /// every attempt counts), far below what a script manages.
    public static let defaults = WriteLimits([
        .proposal: [RateLimit(10, per: 60), RateLimit(30, per: 3600)],
        .comment: [RateLimit(10, per: 60), RateLimit(100, per: 3600)],
        .flag: [RateLimit(10, per: 60), RateLimit(60, per: 3600)],
        .vote: [RateLimit(60, per: 60), RateLimit(600, per: 3600)],
        .ballot: [RateLimit(10, per: 60), RateLimit(60, per: 3600)],
    ])

    /// Counts one attempt of `action` by `account` and throws ``ServiceError/tooManyRequests(retryAfter:)``
    /// when it is over a limit. Count and decision are one statement, so concurrent
    /// attempts cannot all read the same count and all pass. Refused attempts count too:
    /// a script that keeps sending stays refused until its windows end.
    public func consume(_ action: WriteAction, by account: Account.ID, now: Date, on db: some SQLExecutor) async throws {
        let spans = self.spans(action)
        guard !spans.isEmpty else { return }
        var binds = PostgresBindings()
        binds.append(account)
        binds.append(action.rawValue)
        binds.append(now)
        binds.append(spans)
        let rows = try await db.query(
            PostgresQuery(unsafeSQL: Self.countingSQL(account: "$1", action: "$2", now: "$3", spans: "$4"), binds: binds))
        try judge(action, counts: rows.map { try $0.decode((Int, Date, Int).self) }, now: now)
    }

    /// The window lengths of `action`'s limits, shortest first: the order in which the
    /// counting statement takes its rows.
    public func spans(_ action: WriteAction) -> [Int] {
        (limits[action] ?? []).map(\.seconds).sorted()
    }

    /// The statement that counts one attempt in every window of the limits, returning
    /// `span_seconds, window_start, count` per window; the arguments name its parameters
    /// (`$n`), so the vote statements can embed it as a CTE and count in the same round trip.
    static func countingSQL(account: String, action: String, now: String, spans: String) -> String {
        // Rows of one account are always taken in the same order (span ascending), so two
        // attempts of one account cannot deadlock.
        """
        INSERT INTO write_limit_windows AS w (account_id, action, span_seconds, window_start, count)
        SELECT \(account), \(action), span, \(now), 1 FROM unnest(\(spans)::integer[]) AS span ORDER BY span
        ON CONFLICT (account_id, action, span_seconds) DO UPDATE SET
            count = CASE WHEN w.window_start + make_interval(secs => w.span_seconds) <= excluded.window_start
                         THEN 1 ELSE w.count + 1 END,
            window_start = CASE WHEN w.window_start + make_interval(secs => w.span_seconds) <= excluded.window_start
                                THEN excluded.window_start ELSE w.window_start END
        RETURNING span_seconds, window_start, count
        """
    }

    /// Throws ``ServiceError/tooManyRequests(retryAfter:)`` when a window's count (as the
    /// counting statement returned it) is over its limit, naming the longest wait.
    public func judge(_ action: WriteAction, counts: [(span: Int, start: Date, count: Int)], now: Date) throws(ServiceError) {
        let windows = limits[action] ?? []
        var wait: Int?
        for (span, start, count) in counts {
            guard let limit = windows.first(where: { $0.seconds == span }), count > limit.count else { continue }
            let seconds = max(1, Int(start.addingTimeInterval(TimeInterval(span)).timeIntervalSince(now).rounded(.up)))
            wait = max(wait ?? 0, seconds)
        }
        if let wait { throw .tooManyRequests(retryAfter: wait) }
    }

    /// Parses `10/min,100/h` (either part may be left out) or `off`; nil when it is neither.
    public static func parse(_ text: String) -> [RateLimit]? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "off" { return [] }
        var result: [RateLimit] = []
        for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2, let count = Int(pieces[0]), (1...1_000_000).contains(count) else { return nil }
            let seconds: Int
            switch pieces[1].lowercased() {
            case "min", "m": seconds = 60
            case "h", "hour": seconds = 3600
            default: return nil
            }
            guard !result.contains(where: { $0.seconds == seconds }) else { return nil }
            result.append(RateLimit(count, per: seconds))
        }
        return result.isEmpty ? nil : result
    }

    /// Removes windows that are over (the housekeeping worker calls this).
    @discardableResult
    public static func prune(now: Date, on db: some SQLExecutor) async throws -> Int {
        try await db.query(
            "DELETE FROM write_limit_windows WHERE window_start + make_interval(secs => span_seconds) <= \(now) RETURNING 1"
        ).count
    }
}

/// A service whose participant writes are throttled by ``WriteLimits``.
public protocol WriteLimited {
    var writeLimits: WriteLimits { get set }
}

extension WriteLimited {
    /// The same service with these limits (the API's; the CLI keeps ``WriteLimits/unlimited``).
    public func limited(by limits: WriteLimits) -> Self {
        var copy = self
        copy.writeLimits = limits
        return copy
    }
}

extension ProposalService: WriteLimited {}
extension CommentService: WriteLimited {}
extension FlagService: WriteLimited {}
extension VoteService: WriteLimited {}
extension BallotService: WriteLimited {}
