import Foundation
import MitredenAPI
import MitredenDomain
import MitredenStore
import Synchronization
import TestSupport
import Testing

/// Parallel delivery: the bound on mail commands, exactly-once across racing workers,
/// retries, the send timeout, and the wake-up on NOTIFY.
@Suite struct MailWorkerDeliveryTests {
    static func enqueue(_ count: Int, _ database: Database, prefix: String = "person") async throws {
        try await database.withTransaction { tx in
            for index in 0..<count {
                try await Outbox.enqueue(
                    to: "\(prefix)\(index)@example.org", account: nil, subject: "Hallo", body: "Text", now: Date(), on: tx)
            }
        }
    }

    static func worker(
        _ database: Database, _ transport: any MailTransport, clock: AppClock, concurrency: Int = 8,
        sendTimeout: Duration = .seconds(60), interval: Duration = .seconds(3600)
    ) -> MailWorker {
        MailWorker(
            database: database, transport: transport, from: "x@example.org", interval: interval,
            limits: MailDeliveryLimits(concurrency: concurrency, sendTimeout: sendTimeout), clock: clock,
            logger: TestDatabases.logger)
    }

    /// Counts sends in flight and records each delivery; slow enough that sends overlap.
    final class CountingTransport: MailTransport {
        let inFlight = Mutex(0)
        let mostInFlight = Mutex(0)
        let delivered = Mutex<[Int64]>([])
        let pause: Duration
        init(pause: Duration) { self.pause = pause }

        func send(_ message: OutboxMessage, from: String) async throws {
            let now = inFlight.withLock {
                $0 += 1
                return $0
            }
            mostInFlight.withLock { $0 = max($0, now) }
            try? await Task.sleep(for: pause)
            inFlight.withLock { $0 -= 1 }
            delivered.withLock { $0.append(message.id) }
        }
    }

    @Test func noMoreMailCommandsRunThanTheBoundAndOneRoundDrainsSeveralBatches() async throws {
        try await withTestDatabase { _, database in
            try await Self.enqueue(30, database)
            let transport = CountingTransport(pause: .milliseconds(100))
            let worker = Self.worker(database, transport, clock: ManualClock(Date().addingTimeInterval(60)).clock, concurrency: 3)
            // A batch is 12 rows: 30 mails need three batches, all in this one round.
            #expect(try await worker.deliverOnce() == 30)
            #expect(transport.mostInFlight.withLock { $0 } == 3)
            #expect(try await Outbox.pending(on: database).isEmpty)
        }
    }

    @Test func twoWorkersRacingOverManyMailsSendEachExactlyOnce() async throws {
        try await withTestDatabase { _, database in
            try await Self.enqueue(400, database)
            let transport = CountingTransport(pause: .milliseconds(2))
            let clock = ManualClock(Date().addingTimeInterval(60))
            let workers = (0..<2).map { _ in Self.worker(database, transport, clock: clock.clock, concurrency: 8) }
            let sent = try await withThrowingTaskGroup(of: Int.self) { group in
                for worker in workers {
                    group.addTask {
                        var sent = 0
                        while case let round = try await worker.deliverOnce(), round > 0 { sent += round }
                        return sent
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            let delivered = transport.delivered.withLock { $0 }
            #expect(delivered.count == 400)
            #expect(Set(delivered).count == 400)
            #expect(sent.reduce(0, +) == 400)
            // Both took part: the claims interleaved rather than one worker taking all.
            #expect(sent.allSatisfy { $0 > 0 }, "\(sent)")
            let attempts = try await database.query("SELECT count(*)::int FROM outbox WHERE sent_at IS NOT NULL AND attempts = 1")
            #expect(try attempts[0].decode(Int.self) == 400)
        }
    }

    /// Fails the first `failures` sends to each recipient.
    final class FlakyTransport: MailTransport {
        let failures: Int
        let seen = Mutex<[String: Int]>([:])
        init(failures: Int) { self.failures = failures }

        func send(_ message: OutboxMessage, from: String) async throws {
            let count = seen.withLock {
                $0[message.recipient, default: 0] += 1
                return $0[message.recipient]!
            }
            if count <= failures { throw CancellationError() }
        }
    }

    static func availableAt(_ database: Database) async throws -> [Date] {
        try await database.query("SELECT available_at FROM outbox ORDER BY id").map { try $0.decode(Date.self) }
    }

    @Test func failedSendsComeBackAfterAGrowingBackoffAndAreSentOnce() async throws {
        try await withTestDatabase { _, database in
            try await Self.enqueue(5, database)
            let clock = ManualClock(Date().addingTimeInterval(60))
            let transport = FlakyTransport(failures: 2)
            let worker = Self.worker(database, transport, clock: clock.clock)
            #expect(try await worker.deliverOnce() == 0)
            #expect(try await Self.availableAt(database).allSatisfy { abs($0.timeIntervalSince(clock.now) - 30) < 0.001 })
            clock.advance(by: 29)
            #expect(try await worker.deliverOnce() == 0)
            clock.advance(by: 1)
            #expect(try await worker.deliverOnce() == 0)
            // The second failure waits twice as long.
            #expect(try await Self.availableAt(database).allSatisfy { abs($0.timeIntervalSince(clock.now) - 60) < 0.001 })
            clock.advance(by: 60)
            #expect(try await worker.deliverOnce() == 5)
            #expect(try await Outbox.pending(on: database).isEmpty)
            let rows = try await database.query("SELECT attempts, last_error IS NOT NULL FROM outbox")
            #expect(try rows.map { try $0.decode((Int, Bool).self) }.allSatisfy { $0 == (3, true) })
            #expect(transport.seen.withLock { $0.values.allSatisfy { $0 == 3 } })
        }
    }

    @Test func aHungMailCommandIsKilledAtTheTimeoutAndTheMailRetried() async throws {
        try await withTestDatabase { _, database in
            try await Self.enqueue(1, database)
            let clock = ManualClock(Date().addingTimeInterval(60))
            // `sleep` in a child of the shell: the kill must reach the whole process group.
            let hung = SendmailTransport(command: ["/bin/sh", "-c", "cat >/dev/null; sleep 300; true"])
            let worker = Self.worker(database, hung, clock: clock.clock, sendTimeout: .seconds(1))
            let started = ContinuousClock.now
            #expect(try await worker.deliverOnce() == 0)
            #expect(ContinuousClock.now - started < .seconds(60))
            let rows = try await database.query("SELECT attempts, last_error FROM outbox")
            let (attempts, error) = try rows[0].decode((Int, String).self)
            #expect(attempts == 1)
            #expect(error.contains("took longer"), "\(error)")
        }
    }

    /// Parallel mail commands must not inherit each other's input pipes: a `cat` holding a
    /// copy of another's write end keeps that one waiting for the end of its input forever.
    @Test func parallelMailCommandsEachSeeTheEndOfTheirInput() async throws {
        let file = FileManager.default.temporaryDirectory.appending(path: "mitreden-mail-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try await withTestDatabase { _, database in
            try await Self.enqueue(40, database)
            let transport = SendmailTransport(command: ["/bin/sh", "-c", "cat >> \(file)"])
            let worker = Self.worker(database, transport, clock: ManualClock(Date().addingTimeInterval(60)).clock, concurrency: 8)
            #expect(try await withTimeout(.seconds(120)) { try await worker.deliverOnce() } == 40)
            let written = try String(contentsOfFile: file, encoding: .utf8)
            #expect(written.components(separatedBy: "\r\nTo: ").count - 1 == 40)
        }
    }

    /// The poll interval is an hour, so only a notification can wake the worker.
    @Test func queuedMailWakesTheWorkerWithoutWaitingForThePoll() async throws {
        try await withTestDatabase { _, database in
            let transport = CountingTransport(pause: .zero)
            let worker = Self.worker(database, transport, clock: .system, interval: .seconds(3600))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await worker.run() }
                // The first mail may leave through the round at start; once it has, the
                // worker is listening and waits for the next wake-up.
                try await Self.enqueue(1, database, prefix: "first")
                try await Self.waitUntilDelivered(1, transport)
                try await Self.enqueue(1, database, prefix: "second")
                try await Self.waitUntilDelivered(2, transport)
                // Sent is recorded just after the command returns: wait for that too before
                // stopping the worker, or the stop could land between the two.
                for _ in 0..<300 where try await !Outbox.pending(on: database).isEmpty { try await Task.sleep(for: .milliseconds(100)) }
                group.cancelAll()
            }
            #expect(try await Outbox.pending(on: database).isEmpty)
        }
    }

    /// Waits up to 30 s (far below the hour-long poll, far above any wake-up).
    static func waitUntilDelivered(_ count: Int, _ transport: CountingTransport) async throws {
        for _ in 0..<300 where transport.delivered.withLock({ $0.count }) < count {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(transport.delivered.withLock { $0.count } == count)
    }
}
