import Foundation
import Logging
import MitredenDomain
import ServiceLifecycle

/// Delivers the outbox: a service of the application that polls for due messages until
/// shutdown. Safe with any number of instances, since rows are taken with SKIP LOCKED.
public struct MailWorker: Service {
    let database: Database
    let transport: any MailTransport
    let from: String
    let interval: Duration
    let clock: AppClock
    let logger: Logger

    public init(database: Database, transport: any MailTransport, from: String, interval: Duration, clock: AppClock, logger: Logger) {
        self.database = database
        self.transport = transport
        self.from = from
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        await runPeriodically(every: interval, logger: logger, failure: "mail delivery round failed") { _ = try await deliverOnce() }
    }

    /// One round: delivers what is due now; returns how many were sent.
    public func deliverOnce() async throws -> Int {
        let transport = self.transport
        let from = self.from
        let logger = self.logger
        return try await Outbox.deliverDue(now: clock.now, on: database) { message in
            do {
                try await transport.send(message, from: from)
            } catch {
                logger.warning("mail not delivered; will retry", metadata: ["outbox_id": "\(message.id)", "error": "\(error)"])
                throw error
            }
        }
    }
}
