import ArgumentParser
import Foundation
import MitredenStore

/// `mitreden demo seed`: a living system for a first look.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Demo data for trying Mitreden out.",
        subcommands: [Seed.self]
    )

    struct Seed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fill an empty database with two Hamburg-style consultations, staff, participants and their contributions.",
            discussion: """
                Creates the Domplatz dialogue (in its discussion phase) and a district budget with four areas (voting now), \
                units, staff accounts with generated passwords (printed, and written to --credentials if given), \
                300 participants and their proposals, comments, supports and ballots. Refuses a database that \
                already holds accounts or campaigns, unless --if-empty is given, which then does nothing.
                """
        )
        @Flag(help: "Do nothing (successfully) when the database is not empty; for start-up scripts.") var ifEmpty = false
        @Option(help: "Also write the staff credentials to this file (mode 600).") var credentials: String?

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let configuration = environment.configuration
            let ifEmpty = self.ifEmpty
            let result: DemoSeed.Credentials? = try await environment.runService { database in
                if ifEmpty,
                    try await database.query("SELECT (SELECT count(*) FROM accounts) + (SELECT count(*) FROM campaigns)")[0].decode(Int.self) > 0
                {
                    return nil
                }
                return try await DemoSeed(database: database, clock: configuration.clock, settings: configuration.accounts) { line in
                    FileHandle.standardError.write(Data("demo: \(line)\n".utf8))
                }.run()
            }
            guard let result else {
                print("the database already holds data; no demo data added")
                return
            }
            let text = result.lines.joined(separator: "\n") + "\n"
            print(text, terminator: "")
            if let path = credentials {
                FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
            }
        }
    }
}
