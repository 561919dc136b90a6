import ArgumentParser
import Foundation
import MitredenDomain
import MitredenStore

/// `mitreden calendar …`: the city's working-day calendar (weekends plus the holidays
/// loaded here), which response promises count in.
struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Load and show the holidays of the working-day calendar.",
        subcommands: [Load.self, Show.self]
    )

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the holidays of every year a list names (one YYYY-MM-DD,Name a line; e.g. Deploy/holidays/hamburg.csv).")
        @Argument(help: "The holiday list.") var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("cannot read \(file)") }
            let text = String(decoding: data, as: UTF8.self)
            let environment = try CommandEnvironment.load()
            let (years, count) = try await environment.runService { database in
                try await CalendarService(database: database).load(text, by: .commandLine, now: environment.configuration.clock.now)
            }
            print("loaded \(count) holidays for \(years.map(String.init).joined(separator: ", "))")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the holidays (day, name).")
        @Option(help: "Only this year.") var year: Int?

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let year = self.year
            let holidays = try await environment.runService { database in try await CalendarService(database: database).holidays(in: year) }
            for holiday in holidays { print("\(holiday.day)\t\(TerminalText.sanitized(holiday.name))") }
        }
    }
}

/// `mitreden inbox --unit SLUG`: a unit's open proposals, due first, overdue marked.
struct InboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox", abstract: "A unit's open proposals under the response promise, due first; overdue ones are marked.")
    @Option(help: "Unit slug.") var unit: String
    @Option(help: "At most this many (1 to 100).") var limit: Int = 100

    func run() async throws {
        let environment = try CommandEnvironment.load()
        let (unit, requested) = (self.unit, limit)
        let items = try await environment.runService { database in
            try await RoutingService(database: database, clock: environment.configuration.clock)
                .inbox(of: unit, limit: try PageSize.resolve(requested))
        }
        if items.isEmpty { print("no open proposals for \(TerminalText.sanitized(unit))") }
        for item in items {
            let mark = item.dueOn.map { item.overdue ? "OVERDUE \($0)" : "due \($0)" } ?? "no promise"
            print(
                "\(mark)\t\(item.proposalID)\t\(TerminalText.sanitized(item.campaignSlug))\t\(TerminalText.sanitized(item.title))"
            )
        }
    }
}
