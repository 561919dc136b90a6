import Foundation
import Logging
import MitredenDomain
import ServiceLifecycle

/// Sends the promise's reminders, digests and escalations (``ResponseReminders``) and
/// refreshes the response-time gauges, every `interval`. Runs in every server; each mail
/// goes out once however many do.
public struct ResponseReminderWorker: Service {
    let database: Database
    let interval: Duration
    /// The local hour (Europe/Berlin) from which the day's digest goes out.
    let digestHour: Int
    let clock: AppClock
    let logger: Logger

    public init(database: Database, interval: Duration, digestHour: Int, clock: AppClock, logger: Logger) {
        self.database = database
        self.interval = interval
        self.digestHour = digestHour
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        // The first round comes one interval after start: nothing is minutes-urgent, and a
        // starting server (or a test's) is not burdened with it.
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        await runPeriodically(every: interval, logger: logger, failure: "response reminders failed") {
            try await round()
        }
    }

    /// One round; returns what it sent.
    @discardableResult
    public func round() async throws -> ReminderRound {
        let sent = try await ResponseReminders.run(now: clock.now, digestHour: digestHour, on: database)
        if sent != ReminderRound() {
            logger.info(
                "response reminders queued",
                metadata: ["reminders": "\(sent.reminders)", "digests": "\(sent.digests)", "escalations": "\(sent.escalations)"])
        }
        return sent
    }
}
