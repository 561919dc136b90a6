import Foundation
import Logging
import MitredenDomain
import ServiceLifecycle

/// Renews the planners' summaries in the background, so the request that finds one stale
/// serves it as it is instead of reading every submitted plan (about a second for 100,000,
/// with a database connection held meanwhile). Runs in every server; the planner's
/// advisory lock makes each renewal once across instances
/// (``PlannerService/renewSummaryIfOutdated(_:)``). A summary is then at most the service's
/// freshness plus this interval plus one computation old.
public struct PlannerSummaryWorker: Service {
    let planner: PlannerService
    let interval: Duration
    let logger: Logger

    public init(planner: PlannerService, interval: Duration, logger: Logger) {
        self.planner = planner
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await runPeriodically(every: interval, logger: logger, failure: "renewing planner summaries failed") {
            _ = try await renewDue()
        }
    }

    /// One round: renews every stale summary whose plans changed, and returns how many it
    /// stored. A planner that fails is logged and left for the next round.
    @discardableResult
    public func renewDue() async throws -> Int {
        var renewed = 0
        for campaign in try await planner.campaignsWithStaleSummaries() {
            do {
                guard let record = try await Planners.find(campaign: campaign, on: planner.database) else { continue }
                let started = ContinuousClock.now
                guard try await planner.renewSummaryIfOutdated(record) else { continue }
                renewed += 1
                logger.debug(
                    "planner summary renewed",
                    metadata: ["planner": "\(record.id.uuidString.lowercased())", "took": "\(ContinuousClock.now - started)"])
            } catch {
                logger.warning(
                    "renewing a planner summary failed",
                    metadata: ["campaign": "\(campaign.uuidString.lowercased())", "error": "\(ServiceError(mapping: error))"])
            }
        }
        return renewed
    }
}
