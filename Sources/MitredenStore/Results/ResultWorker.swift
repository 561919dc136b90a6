import Foundation
import Logging
import MitredenDomain
import ServiceLifecycle

/// Computes each area's configured result rule once its vote has closed, so that readers
/// of `GET …/results` find a stored run instead of computing one. Runs in every server;
/// the advisory lock and the key of `result_closings` make it once per area however many
/// instances poll (``ResultClosings``).
public struct ResultWorker: Service {
    let database: Database
    let interval: Duration
    let clock: AppClock
    let logger: Logger

    public init(database: Database, interval: Duration, clock: AppClock, logger: Logger) {
        self.database = database
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        await runPeriodically(every: interval, logger: logger, failure: "computing results after voting closed failed") {
            _ = try await computeDue()
        }
    }

    /// One round: computes every due closing and returns the runs it stored or found. An
    /// area that fails is logged and left for the next round; the others go on.
    @discardableResult
    public func computeDue() async throws -> [ResultRunRecord] {
        var runs: [ResultRunRecord] = []
        for due in try await ResultClosings.due(now: clock.now, on: database) {
            do {
                guard let run = try await ResultClosings.close(due, now: clock.now, in: database) else { continue }
                logger.info(
                    "results computed after voting closed",
                    metadata: [
                        "campaign": "\(due.campaignSlug)", "area": "\(due.areaSlug)", "method": "\(due.rule.rawValue)",
                        "run": "\(run.id.uuidString.lowercased())", "ballots": "\(run.ballots)",
                    ])
                runs.append(run)
            } catch {
                logger.warning(
                    "computing results after voting closed failed",
                    metadata: ["campaign": "\(due.campaignSlug)", "area": "\(due.areaSlug)", "error": "\(ServiceError(mapping: error))"])
            }
        }
        return runs
    }
}
