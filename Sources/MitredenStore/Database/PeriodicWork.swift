import Logging
import ServiceLifecycle

/// Runs `round` every `interval` until graceful shutdown or cancellation: the loop of the
/// housekeeping worker (the mail worker waits for notifications as well: ``MailWorker``).
/// A failed round is logged and the next one comes on time; the work is idempotent, so
/// several instances doing it is harmless.
func runPeriodically(every interval: Duration, logger: Logger, failure: String, _ round: () async throws -> Void) async {
    while !Task.isShuttingDownGracefully && !Task.isCancelled {
        do {
            try await round()
        } catch {
            logger.warning("\(failure)", metadata: ["error": "\(error)"])
        }
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
    }
}
