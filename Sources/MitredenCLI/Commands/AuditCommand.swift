import ArgumentParser
import Foundation
import MitredenStore

/// `mitreden audit verify`: proof that nobody edited the audit log behind the service's back.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the tamper-evident audit log.",
        subcommands: [Verify.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the audit log's hash chain from the first event to the last.",
            discussion: """
                Every event holds the SHA-256 of the previous event's hash and its own content. The check \
                recomputes each one and names the first event that was altered, removed or inserted out of \
                order; it exits 1 when the chain is broken. It prints the hash of the last event: keep it \
                outside the database (e.g. in the minutes of a council meeting) and pass it back with \
                --expect-head to detect a chain rewritten from the start.
                """
        )
        @Option(help: "The head hash recorded earlier; the chain must still contain it at the same position.") var expectHead: String?

        func validate() throws {
            if let expectHead, expectHead.count != 64 || !expectHead.allSatisfy(\.isHexDigit) {
                throw ValidationError("--expect-head must be the 64 hex digits printed by an earlier check")
            }
        }

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let interactive = isatty(STDERR_FILENO) == 1
            let report = try await environment.runService { database in
                try await AuditChain.verify(
                    progress: { count in
                        if interactive { FileHandle.standardError.write(Data("\rchecked \(count) events…".utf8)) }
                    }, in: database)
            }
            if interactive { FileHandle.standardError.write(Data("\r".utf8)) }
            if let broken = report.broken {
                throw CommandFailure("audit chain BROKEN after \(report.events) intact events: \(broken)")
            }
            print("audit chain intact: \(report.events) events, head \(report.head ?? "(empty log)")")
            if let expectHead, report.head != expectHead.lowercased() {
                let known = try await environment.runService { database in
                    try await AuditService(database: database).sequence(ofHash: expectHead)
                }
                guard let known else {
                    throw CommandFailure("the expected head \(expectHead) is not in the chain: the log was rewritten")
                }
                print("the expected head is event #\(known); \(report.events - Int(known)) events were added since")
            }
        }
    }
}
