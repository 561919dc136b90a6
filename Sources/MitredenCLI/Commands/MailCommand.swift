import ArgumentParser
import Foundation
import MitredenStore

/// `mitreden mail …`: the outbox.
struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract: "Work with the mail outbox.",
        subcommands: [MailBenchmarkCommand.self]
    )
}

/// `mitreden mail benchmark`: queues mail and measures how fast the worker delivers it
/// through a real mail command, and how soon a mail queued to an idle worker leaves.
/// `Benchmarks/outbox.sh` runs it on a scratch database.
struct MailBenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Measure mail delivery: mails per second through a mail command, and the wake-up after queueing.",
        discussion: """
            Each mail is piped into `/bin/sh -c 'cat >> FILE'` (one process per mail, as with \
            sendmail). Refuses a database with accounts or unsent mail: the worker would send \
            that mail to the file. Prints one line of figures.
            """
    )

    @Option(help: "Mails to queue and deliver.")
    var mails = 2000

    @Option(help: "Mails queued one at a time to the idle worker, each timed.")
    var wakeUps = 10

    @Option(help: "Mail commands at once (MITREDEN_MAIL_CONCURRENCY).")
    var concurrency = 8

    @Option(help: "The file the mail command appends every message to.")
    var output: String

    func validate() throws {
        guard mails > 0, wakeUps > 0 else { throw ValidationError("--mails and --wake-ups must be positive") }
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be from 1 to 64") }
        guard !output.contains("'") else { throw ValidationError("--output must not contain a single quote") }
    }

    func run() async throws {
        let environment = try CommandEnvironment.load()
        let command = ["/bin/sh", "-c", "cat >> '\(output)'"]
        let (mails, wakeUps, concurrency, logger) = (self.mails, self.wakeUps, self.concurrency, environment.logger)
        let figures = try await environment.runService { database in
            try await OutboxBenchmark.run(
                mails: mails, wakeUps: wakeUps, command: command, concurrency: concurrency, on: database, logger: logger)
        }
        let latencies = figures.wakeUpMilliseconds.sorted()
        let median = latencies[latencies.count / 2]
        print(
            String(
                format:
                    "outbox %d mails in %.2f s = %.0f mails/s (concurrency %d, sh -c 'cat >> file'); wake-up after queueing: median %.1f ms, max %.1f ms (%d mails, poll 3600 s)",
                figures.mails, figures.seconds, figures.mailsPerSecond, concurrency, median, latencies.last!, latencies.count))
    }
}
