import Foundation
import Logging
import ServiceLifecycle

/// Measures the replica's lag every `interval` (``ReplicaPool/measure(primary:)``), so the
/// routing of each request reads a cached figure instead of asking PostgreSQL. Logs when
/// the replica starts or stops serving reads.
public struct ReplicaMonitor: Service {
    let replica: ReplicaPool
    let primary: Database
    let interval: Duration
    let logger: Logger

    public init(replica: ReplicaPool, primary: Database, interval: Duration = .seconds(1), logger: Logger) {
        self.replica = replica
        self.primary = primary
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        var previous: ReplicaPool.State?
        await runPeriodically(every: interval, logger: logger, failure: "measuring the replica's lag failed") {
            let status = await replica.measure(primary: primary)
            if status.state != previous {
                let level: Logger.Level = status.state == .serving ? .notice : .warning
                logger.log(
                    level: level, "read replica: \(status.state.rawValue)",
                    metadata: ["lag_seconds": "\(status.lagSeconds.map { String(format: "%.1f", $0) } ?? "unknown")"])
                previous = status.state
            }
        }
    }
}
