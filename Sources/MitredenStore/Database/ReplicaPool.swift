import Foundation
import Logging
import MitredenDomain
import PostgresNIO
import Synchronization

/// The streaming replica (`MITREDEN_DATABASE_REPLICA_URL`): its own pool, and how far it
/// is behind the primary as last measured (``measure()``, run by ``ReplicaMonitor`` every
/// second, so no request pays for the measurement). Anonymous public reads use it while it
/// answers and is at most `maxLag` behind; otherwise they go to the primary.
public final class ReplicaPool: Sendable {
    /// What the last measurement found, for `/health/ready` and `/metrics`.
    public enum State: String, Sendable {
        /// Answering and at most `maxLag` behind: anonymous public reads go there.
        case serving
        /// Answering but further behind than `maxLag` (or its lag cannot be told).
        case lagging
        /// It did not answer, or was not measured recently.
        case unreachable
        /// It answers but is not replaying anyone's WAL (promoted, or a wrong URL).
        case notStandby = "not_standby"
    }

    public struct Status: Sendable, Equatable {
        public var state: State
        /// Seconds its data is behind the primary; nil when unknown.
        public var lagSeconds: Double?
    }

    /// The replica's own pool (statements there never consult a replica themselves).
    public let database: Database
    public let maxLag: Duration
    /// A measurement older than this counts as none (the monitor stopped or hangs).
    let staleAfter: Duration
    private let clock = ContinuousClock()
    private let last = Mutex<Measurement?>(nil)
    private let served = Mutex<(replica: Int, primary: Int, fallbacks: Int)>((0, 0, 0))

    struct Measurement {
        var at: ContinuousClock.Instant
        var state: State
        var lagSeconds: Double?
        /// When the replica had last replayed everything the primary had written.
        var caughtUpAt: ContinuousClock.Instant?
    }

    public init(database: Database, maxLag: Duration, staleAfter: Duration = .seconds(5)) {
        self.database = database
        self.maxLag = maxLag
        self.staleAfter = staleAfter
    }

    /// Whether an anonymous public read should go to the replica now.
    public var isServing: Bool { status.state == .serving }

    public var status: Status {
        last.withLock { measurement in
            guard let measurement, clock.now - measurement.at <= staleAfter else { return Status(state: .unreachable, lagSeconds: nil) }
            return Status(state: measurement.state, lagSeconds: measurement.lagSeconds)
        }
    }

    /// Anonymous public reads served by each pool, and replica statements retried on the
    /// primary, since the start (`/metrics`).
    public var counts: (replica: Int, primary: Int, fallbacks: Int) { served.withLock { $0 } }

    /// Counts a request routed to one pool (the HTTP layer decides per request).
    public func countRequest(onReplica: Bool) {
        served.withLock { if onReplica { $0.replica += 1 } else { $0.primary += 1 } }
    }

    func countFallback() { served.withLock { $0.fallbacks += 1 } }

    /// Measures the lag once against `primary`. The primary's WAL insert position (what
    /// it has written, flushed or not: with `synchronous_commit = off` a commit may still
    /// sit in WAL buffers, which the write position would not count) is read first,
    /// then the replica's: a replica that has replayed up to it is caught up (lag 0, and
    /// every commit before that moment is there). Otherwise the lag is the smaller of two
    /// upper bounds: the time since its last replayed commit, and the time since it was
    /// last seen caught up. An idle primary therefore never looks "behind", and a paused
    /// or cut-off replica falls behind by the clock.
    @discardableResult
    public func measure(primary: Database) async -> Status {
        let started = clock.now
        let previousCatchUp = last.withLock { $0?.caughtUpAt }
        var measurement = Measurement(at: started, state: .unreachable, lagSeconds: nil, caughtUpAt: previousCatchUp)
        let replica = database
        do {
            let position = try await withTimeout(.seconds(2)) {
                try await primary.query("SELECT pg_current_wal_insert_lsn()::text").first?.decode(String.self)
            }
            let row = try await withTimeout(.seconds(2)) {
                try await replica.query(
                    """
                    SELECT pg_is_in_recovery(),
                           coalesce(pg_last_wal_replay_lsn() >= \(position ?? "0/0")::pg_lsn, false),
                           extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8
                    """
                ).first
            }
            guard let row else { throw ServiceError.unexpected("the replica answered no row") }
            let (standby, caughtUp, sinceReplay) = try row.decode((Bool, Bool, Double?).self)
            if !standby {
                measurement.state = .notStandby
            } else {
                if caughtUp { measurement.caughtUpAt = started }
                let sinceCaughtUp = measurement.caughtUpAt.map { Self.seconds(clock.now - $0) }
                let lag: Double? = caughtUp ? 0 : [sinceReplay.map { max(0, $0) }, sinceCaughtUp].compactMap { $0 }.min()
                measurement.lagSeconds = lag
                measurement.state = lag.map { $0 <= Self.seconds(maxLag) } == true ? .serving : .lagging
            }
        } catch {
            measurement.state = .unreachable
        }
        measurement.at = clock.now
        let result = measurement
        last.withLock { $0 = result }
        return Status(state: result.state, lagSeconds: result.lagSeconds)
    }

    public static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
