import Foundation
import Synchronization

/// Where "now" comes from. Rules that depend on time (session expiry, token expiry, login
/// throttling) ask this instead of `Date()`, so tests can set the time exactly.
public struct AppClock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) { self.read = read }

    public var now: Date { read() }

    /// The wall clock.
    public static let system = AppClock { Date() }
}

/// A clock that only moves when told to, for tests.
public final class ManualClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }

    public var now: Date { current.withLock { $0 } }

    public func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }

    /// An ``AppClock`` that reads this clock.
    public var clock: AppClock { AppClock { [self] in self.now } }
}
