import Logging
import MitredenDomain
import MitredenStore
import ServiceLifecycle

/// Runs ``Housekeeping`` every few minutes until shutdown. Idempotent, so several
/// instances doing it at once is harmless.
struct HousekeepingWorker: Service {
    let housekeeping: Housekeeping
    let throttleWindow: Double
    let interval: Duration
    let clock: AppClock
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await housekeeping.prune(now: clock.now, throttleWindow: throttleWindow)
            } catch {
                logger.warning("housekeeping failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
