import Foundation
import Logging
import MitredenDomain

/// How many mails a worker sends at once, and how long it may take over them.
public struct MailDeliveryLimits: Sendable {
    /// Mail commands running at the same time (`MITREDEN_MAIL_CONCURRENCY`).
    public var concurrency: Int
    /// How long one mail command may run before it is killed and the mail is retried.
    public var sendTimeout: Duration

    public init(concurrency: Int = 8, sendTimeout: Duration = .seconds(60)) {
        precondition(concurrency >= 1, "at least one mail command at a time")
        self.concurrency = concurrency
        self.sendTimeout = sendTimeout
    }

    /// Rows claimed per batch: enough to keep every slot busy while a slow send holds one,
    /// few enough that one instance does not take all the mail from the others.
    public var batchSize: Int { concurrency * 4 }

    /// The claim's lease: a batch is sent in at most `batchSize / concurrency` rounds of
    /// `sendTimeout` each, so with twice that plus a minute for the database no lease runs
    /// out while its worker is still sending (which would let a second worker send the
    /// same mail). A worker that died mid-batch releases its mail when the lease ends.
    public var lease: TimeInterval {
        let rounds = Double(batchSize / concurrency)
        return 2 * rounds * Double(sendTimeout.components.seconds) + 60
    }
}

/// Sends one claimed batch with at most `limits.concurrency` sends in flight, and settles
/// each row as soon as its send ends. Settling is one statement per row on the pool:
/// a crash loses at most the outcome of the sends in flight, never the mail.
enum MailDelivery {
    struct Outcome: Sendable, Equatable {
        var sent = 0
        var failed = 0
    }

    static func deliver(
        _ claim: OutboxClaim, limits: MailDeliveryLimits, clock: AppClock, on database: Database, logger: Logger,
        send: @escaping @Sendable (OutboxMessage) async throws -> Void
    ) async -> Outcome {
        await withTaskGroup(of: Bool.self) { group in
            var waiting = claim.messages.makeIterator()
            for _ in 0..<limits.concurrency {
                guard let message = waiting.next() else { break }
                group.addTask { await settle(message, claim: claim, clock: clock, on: database, logger: logger, send: send) }
            }
            var outcome = Outcome()
            for await sent in group {
                if sent { outcome.sent += 1 } else { outcome.failed += 1 }
                if let message = waiting.next() {
                    group.addTask { await settle(message, claim: claim, clock: clock, on: database, logger: logger, send: send) }
                }
            }
            return outcome
        }
    }

    /// Sends one message and records the outcome. Never throws: a failure to record is
    /// logged, and the row comes due again when the lease ends (so a mail whose success
    /// could not be recorded is sent once more then: at least once, never lost).
    private static func settle(
        _ message: OutboxMessage, claim: OutboxClaim, clock: AppClock, on database: Database, logger: Logger,
        send: @Sendable (OutboxMessage) async throws -> Void
    ) async -> Bool {
        var metadata: Logger.Metadata = ["outbox_id": "\(message.id)"]
        do {
            try await send(message)
        } catch {
            metadata["error"] = "\(error)"
            metadata["attempts"] = "\(message.attempts + 1)"
            // A first failure may be a relay's hiccup; one that keeps failing needs a person
            // (the mail command, the relay, the address), so it is an error from then on.
            if message.attempts + 1 >= MailAlarm.failingAttempts {
                logger.error("mail keeps failing; will retry, but look at MITREDEN_MAIL_COMMAND and the relay", metadata: metadata)
            } else {
                logger.warning("mail not delivered; will retry", metadata: metadata)
            }
            do {
                if try await !Outbox.markFailed(message, error: error, claim: claim, now: clock.now, on: database) {
                    logger.error("mail claim lost before its failure was recorded", metadata: metadata)
                }
            } catch {
                metadata["error"] = "\(error)"
                logger.error("failed mail not recorded; it is retried when its lease ends", metadata: metadata)
            }
            return false
        }
        do {
            if try await !Outbox.markSent(message, claim: claim, now: clock.now, on: database) {
                logger.error("mail sent after its claim was lost; another worker may send it too", metadata: metadata)
            }
        } catch {
            metadata["error"] = "\(error)"
            logger.error("mail sent but not recorded; it is sent again when its lease ends", metadata: metadata)
        }
        return true
    }
}
