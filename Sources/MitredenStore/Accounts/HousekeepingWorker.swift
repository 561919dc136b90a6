import Logging
import MitredenDomain
import ServiceLifecycle

/// Runs ``Housekeeping`` every few minutes until shutdown. Idempotent, so several
/// instances doing it at once is harmless.
public struct HousekeepingWorker: Service {
    let database: Database
    let throttleWindow: Double
    let interval: Duration
    let clock: AppClock
    let logger: Logger
    /// Erases accounts never verified in time (``AccountService/eraseUnverified()``).
    let accounts: AccountService?

    public init(
        database: Database, throttleWindow: Double, interval: Duration, clock: AppClock, logger: Logger, accounts: AccountService? = nil
    ) {
        self.accounts = accounts
        self.database = database
        self.throttleWindow = throttleWindow
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        await runPeriodically(every: interval, logger: logger, failure: "housekeeping failed") {
            _ = try await Housekeeping.prune(now: clock.now, throttleWindow: throttleWindow, on: database)
            if let accounts, case let erased = try await accounts.eraseUnverified(), erased > 0 {
                logger.notice("erased accounts never verified", metadata: ["count": "\(erased)"])
            }
        }
    }
}
