import Foundation
import Logging
import MitredenAPI
import MitredenDomain
import MitredenStore
import Synchronization
import TestSupport
import Testing

@Suite struct MailWorkerTests {
    struct FailingTransport: MailTransport {
        func send(_ message: OutboxMessage, from: String) async throws { throw CancellationError() }
    }

    static func enqueue(_ database: Database, to recipient: String) async throws {
        try await database.withTransaction { tx in
            try await Outbox.enqueue(to: recipient, account: nil, subject: "Hello", body: "Line one\nLine two", now: Date(), on: tx)
        }
    }

    @Test func theServerDeliversQueuedMail() async throws {
        try await withTestApp { client, database in
            _ = try await client.send(
                .post, "/v1/accounts",
                json: [
                    "email": "mia@example.org", "password": "a long and unusual passphrase", "displayName": "Mia",
                ])
            // The worker runs as a service of the app and polls every 200 ms in tests.
            for _ in 0..<50 where try await !Outbox.pending(on: database).isEmpty {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try await Outbox.pending(on: database).isEmpty)
        }
    }

    /// The app polls once an hour here, so the mail can only leave this soon because the
    /// registration's commit notified the worker (as the runtime role, as in production).
    @Test func aQueuedVerificationMailLeavesWithoutWaitingForThePoll() async throws {
        try await withTestApp(configure: { $0.accounts.mailPollInterval = .seconds(3600) }) { client, database in
            let registered = try await client.send(
                .post, "/v1/accounts",
                json: ["email": "mia@example.org", "password": "a long and unusual passphrase", "displayName": "Mia"])
            #expect(registered.status == .accepted)
            for _ in 0..<300 where try await !Outbox.pending(on: database).isEmpty {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try await Outbox.pending(on: database).isEmpty)
        }
    }

    @Test func failedDeliveriesAreRetriedWithBackoff() async throws {
        try await withTestDatabase { _, database in
            let clock = ManualClock()
            try await Self.enqueue(database, to: "nina@example.org")
            let failing = MailWorker(
                database: database, transport: FailingTransport(), from: "x@example.org",
                interval: .seconds(1), clock: clock.clock, logger: TestDatabases.logger)
            clock.advance(by: 3600)
            #expect(try await failing.deliverOnce() == 0)
            #expect(try await Outbox.pending(on: database).first?.attempts == 1)
            // Not due again before the backoff has passed.
            #expect(try await failing.deliverOnce() == 0)
            #expect(try await Outbox.pending(on: database).first?.attempts == 1)
            clock.advance(by: 31)
            let working = MailWorker(
                database: database, transport: LogMailTransport(logger: TestDatabases.logger),
                from: "x@example.org", interval: .seconds(1), clock: clock.clock, logger: TestDatabases.logger)
            #expect(try await working.deliverOnce() == 1)
            #expect(try await Outbox.pending(on: database).isEmpty)
        }
    }

    /// Records deliveries and is slow, so that two workers overlap.
    final class RecordingTransport: MailTransport {
        let delivered = Mutex<[Int64]>([])
        func send(_ message: OutboxMessage, from: String) async throws {
            try await Task.sleep(for: .milliseconds(20))
            delivered.withLock { $0.append(message.id) }
        }
    }

    @Test func workersOnSeveralInstancesDeliverEachMessageOnce() async throws {
        try await withTestDatabase { _, database in
            for index in 0..<20 { try await Self.enqueue(database, to: "person\(index)@example.org") }
            let transport = RecordingTransport()
            let clock = ManualClock(Date().addingTimeInterval(60))
            let workers = (0..<3).map { _ in
                MailWorker(
                    database: database, transport: transport, from: "x@example.org",
                    interval: .seconds(1), clock: clock.clock, logger: TestDatabases.logger)
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in workers {
                    group.addTask { while try await worker.deliverOnce() > 0 {} }
                }
                try await group.waitForAll()
            }
            let delivered = transport.delivered.withLock { $0 }
            #expect(delivered.count == 20)
            #expect(Set(delivered).count == 20)
            #expect(try await Outbox.pending(on: database).isEmpty)
        }
    }

    @Test func theSendmailCommandReceivesTheMessageOnStandardInput() async throws {
        let file = FileManager.default.temporaryDirectory.appending(path: "mitreden-mail-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let message = OutboxMessage(id: 1, recipient: "olaf@example.org", subject: "Test", body: "Body text", attempts: 0)
        try await SendmailTransport(command: ["/bin/sh", "-c", "cat > \(file)"]).send(message, from: "Mitreden <no-reply@example.org>")
        let written = try String(contentsOfFile: file, encoding: .utf8)
        #expect(written.contains("To: olaf@example.org\r\n"))
        #expect(written.contains("Subject: Test\r\n"))
        #expect(written.contains("Body text"))
        #expect(written.contains("Content-Transfer-Encoding: quoted-printable\r\n"))
        await #expect(throws: (any Error).self) {
            try await SendmailTransport(command: ["/bin/sh", "-c", "cat >/dev/null; exit 3"]).send(message, from: "x@example.org")
        }
    }

    /// Without a mail command the mail goes to the log. Its verification code would let
    /// anyone who reads the log verify someone else's registration, so the body is logged
    /// only on a developer's machine (`MITREDEN_DEVELOPMENT=1`, as the demo sets it).
    @Test(arguments: [false, true])
    func theVerificationCodeReachesTheLogOnlyInDevelopment(development: Bool) async throws {
        let capture = LogCapture()
        try await withTestApp(configure: { $0.development = development }, logger: capture.logger()) { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            let registered = try await client.send(
                .post, "/v1/accounts", json: ["email": "mia@example.org", "password": "a long and unusual passphrase", "displayName": "Mia"])
            #expect(registered.status == .accepted)
            let token = try #require(try await fixtures.verificationToken(for: "mia@example.org"))
            for _ in 0..<50 where try await !Outbox.pending(on: database).isEmpty {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try await Outbox.pending(on: database).isEmpty)
            let mailLines = capture.entries.filter { $0.message.hasPrefix("mail") }
            #expect(mailLines.count == 1)
            #expect(mailLines.allSatisfy { $0.level == .notice && $0.metadata["to"] == "m***@e***.org" })
            let leaks = capture.entries.filter { $0.text.contains(token) }
            if development {
                #expect(leaks.map(\.level) == [.notice])
            } else {
                #expect(leaks.isEmpty, "\(leaks.map(\.text))")
            }
        }
    }

    @Test func theLogTransportMasksTheRecipient() {
        #expect(LogMailTransport.mask("anna@example.org") == "a***@e***.org")
        #expect(!LogMailTransport.mask("anna@example.org").contains("anna"))
    }
}
