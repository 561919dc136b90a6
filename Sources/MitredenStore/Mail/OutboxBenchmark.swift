import Foundation
import Logging
import MitredenDomain
import Synchronization

/// `mitreden mail benchmark`: the outbox measured through the real worker and
/// ``SendmailTransport``. It queues mail to made-up addresses and delivers whatever is due
/// to the given command, so it refuses any database that has accounts or unsent mail.
public enum OutboxBenchmark {
    public struct Figures: Sendable {
        public var mails: Int
        public var seconds: Double
        public var mailsPerSecond: Double { Double(mails) / seconds }
        /// From the commit of a queued mail to the end of its send, with the worker idle
        /// and its poll an hour away: the wake-up by NOTIFY plus one mail command.
        public var wakeUpMilliseconds: [Double]
    }

    public static func run(
        mails: Int, wakeUps: Int, command: [String], concurrency: Int, on database: Database, logger: Logger
    ) async throws -> Figures {
        let busy = try await database.query(
            "SELECT EXISTS (SELECT 1 FROM accounts) OR EXISTS (SELECT 1 FROM outbox WHERE sent_at IS NULL)")
        guard try !busy[0].decode(Bool.self) else {
            throw ServiceError.conflict(.state, "the database has accounts or unsent mail; run the benchmark on a scratch database")
        }
        let transport = SignallingTransport(SendmailTransport(command: command))
        let worker = MailWorker(
            database: database, transport: transport, from: "Mitreden <no-reply@example.org>", interval: .seconds(3600),
            limits: MailDeliveryLimits(concurrency: concurrency), clock: .system, logger: logger)

        try await queue(mails, prefix: "bench", on: database)
        let started = ContinuousClock.now
        let sent = try await worker.deliverOnce()
        let elapsed = ContinuousClock.now - started
        guard sent == mails else { throw ServiceError.unexpected("sent \(sent) of \(mails) mails") }

        var latencies: [Double] = []
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await worker.run() }
            // The first mail proves the worker is listening; the rest are measured.
            for index in 0...wakeUps {
                let queued = ContinuousClock.now
                try await queue(1, prefix: "wake\(index)-", on: database)
                try await transport.waitForSends(sent + index + 1)
                let latency = ContinuousClock.now - queued
                if index > 0 { latencies.append(seconds(latency) * 1000) }
            }
            // Stopping the worker while it records the last send would leave that row claimed.
            while try await !Outbox.pending(on: database).isEmpty { try await Task.sleep(for: .milliseconds(5)) }
            group.cancelAll()
        }
        return Figures(mails: mails, seconds: seconds(elapsed), wakeUpMilliseconds: latencies)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func queue(_ count: Int, prefix: String, on database: Database) async throws {
        try await database.withTransaction { tx in
            for index in 0..<count {
                try await Outbox.enqueue(
                    MailTexts.verification(displayName: "Teilnehmerin \(index)", token: "ABCD-EFGH-\(index)", lifetime: 48 * 3600, in: .de),
                    to: "\(prefix)\(index)@example.org", account: nil, now: Date(), on: tx)
            }
        }
    }
}

/// Counts finished sends so the benchmark can wait for the n-th without polling the outbox.
private final class SignallingTransport: MailTransport {
    let base: any MailTransport
    let sends = Mutex(0)
    init(_ base: any MailTransport) { self.base = base }

    func send(_ message: OutboxMessage, from: String) async throws {
        try await base.send(message, from: from)
        sends.withLock { $0 += 1 }
    }

    /// Waits up to 30 s; the poll is an hour away, so only a notification can get there.
    func waitForSends(_ count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while sends.withLock({ $0 }) < count {
            guard ContinuousClock.now < deadline else { throw ServiceError.unexpected("a queued mail was not sent within 30 s") }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}
