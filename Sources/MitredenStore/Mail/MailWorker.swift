import Foundation
import Logging
import MitredenDomain
import ServiceLifecycle

/// Delivers the outbox: a service of the application that sends due mail, several at a
/// time, whenever it is woken: by a notification when mail is queued (``OutboxListener``),
/// and by a poll every `interval` as a fallback (for retries coming due, and while the
/// listening connection is down). Safe with any number of instances: each claims its rows
/// (``Outbox/claimDue(now:limit:lease:on:)``) before sending them.
public struct MailWorker: Service {
    let database: Database
    let transport: any MailTransport
    let from: String
    let interval: Duration
    let limits: MailDeliveryLimits
    let clock: AppClock
    let logger: Logger

    public init(
        database: Database, transport: any MailTransport, from: String, interval: Duration,
        limits: MailDeliveryLimits = MailDeliveryLimits(), clock: AppClock, logger: Logger
    ) {
        self.database = database
        self.transport = transport
        self.from = from
        self.interval = interval
        self.limits = limits
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        // One pending wake-up at most: a burst of notifications during a round asks for one
        // more round, not for one per mail.
        let (wakeUps, bell) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        bell.yield()
        let (database, logger, interval) = (self.database, self.logger, self.interval)
        await withTaskGroup(of: Void.self) { group in
            // Behind a transaction pooler LISTEN hears nothing: the poll alone wakes it.
            if database.pooler.allowsListen {
                group.addTask { await OutboxListener(database: database, logger: logger, retryDelay: .seconds(1)).run(ringing: bell) }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    bell.yield()
                }
            }
            // Graceful shutdown ends the wait, not a round: sends in flight finish and are
            // recorded, so shutting down never leaves a claimed row to its lease.
            await withGracefulShutdownHandler {
                for await _ in wakeUps where !Task.isShuttingDownGracefully {
                    do {
                        _ = try await deliverOnce()
                    } catch {
                        logger.warning("mail delivery round failed", metadata: ["error": "\(error)"])
                    }
                }
            } onGracefulShutdown: {
                bell.finish()
            }
            group.cancelAll()
        }
    }

    /// Delivers everything due now, one claimed batch after another while batches come back
    /// full; returns how many were sent. A round stops early on graceful shutdown.
    public func deliverOnce() async throws -> Int {
        let (transport, from, timeout) = (self.transport, self.from, limits.sendTimeout)
        var sent = 0
        while true {
            let claim = try await Outbox.claimDue(now: clock.now, limit: limits.batchSize, lease: limits.lease, on: database)
            guard !claim.messages.isEmpty else { break }
            let outcome = await MailDelivery.deliver(claim, limits: limits, clock: clock, on: database, logger: logger) { message in
                do {
                    try await withTimeout(timeout) { try await transport.send(message, from: from) }
                } catch is TimeoutError {
                    throw MailError("the mail command took longer than \(timeout) and was stopped")
                }
            }
            sent += outcome.sent
            if claim.messages.count < limits.batchSize || Task.isShuttingDownGracefully { break }
        }
        return sent
    }
}
