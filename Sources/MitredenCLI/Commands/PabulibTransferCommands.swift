import ArgumentParser
import Foundation
import MitredenBenchmarkSupport
import MitredenDomain
import MitredenStore

/// `mitreden pabulib import FILE --unit UNIT`: creates a closed budget campaign from a
/// `.pb` file and prints its slug. Malformed files are refused with the line and reason;
/// the import runs in one transaction, so a failure leaves nothing behind.
struct PabulibImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Create a closed budget campaign (results phase) from a .pb file; prints its slug.",
        discussion: "On a terminal, standard error shows the ballots written so far, the rate and the time left."
    )

    @Argument(help: "The .pb file.", completion: .file(extensions: ["pb"])) var file: String
    @Option(help: "Slug of the unit that owns the campaign.") var unit: String
    @Option(help: "Slug for the campaign (default: from the file name).") var slug: String?
    @Option(help: "The campaign's language (de or en), which the import note is written in; default de.") var language = "de"

    func run() async throws {
        guard let language = Language(rawValue: language) else { throw CommandFailure("--language must be de or en") }
        let election = try PabulibFiles.read(file)
        let environment = try CommandEnvironment.load()
        let (unit, slug, name) = (self.unit, self.slug, (file as NSString).lastPathComponent)
        let meter = ProgressMeter(total: election.votes.count, enabled: isatty(STDERR_FILENO) == 1)
        let campaign = try await environment.runService { database in
            try await PabulibTransfer(database: database, clock: environment.configuration.clock)
                .importElection(election, name: name, unit: unit, slug: slug, language: language, progress: { meter.update("ballots", $0) })
        }
        meter.finish()
        print(campaign.slug)
    }
}

/// `mitreden pabulib export --campaign SLUG [--area AREA] [--output FILE]`.
struct PabulibExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a budget campaign's ballots as a .pb file, voters numbered anonymously."
    )

    @Option(help: "Campaign slug.") var campaign: String
    @Option(help: "Area slug; needed when the campaign has several.") var area: String?
    @Option(help: "File to write (default: standard output).") var output: String?

    func run() async throws {
        let environment = try CommandEnvironment.load()
        let (campaign, area) = (self.campaign, self.area)
        let election = try await environment.runService { database in
            try await PabulibTransfer(database: database, clock: environment.configuration.clock).exportElection(campaign: campaign, area: area)
        }
        let text: String
        do { text = try PabulibWriter.write(election) } catch { throw CommandFailure("cannot write \(campaign) as .pb: \(error)") }
        if let output {
            do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                throw CommandFailure("cannot write \(output): \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

/// `mitreden pabulib benchmark`: times the result rules on a synthetic election. Meaningful
/// only from an optimised build: `swift run -c release mitreden pabulib benchmark`.
struct PabulibBenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Time the result rules on a large synthetic election (run a release build).",
        discussion: "Debug builds are many times slower; run `swift run -c release mitreden pabulib benchmark`."
    )

    @Option(help: "Number of projects.") var projects = 100
    @Option(help: "Number of voters.") var voters = 100_000
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "approval or cumulative.") var voteType = "approval"
    @Option(name: .customLong("rule"), help: "A rule to time (repeatable; default: all that apply).") var rules: [String] = []

    func run() async throws {
        guard let type = BudgetVoteType(rawValue: voteType) else { throw CommandFailure("unknown --vote-type '\(voteType)'") }
        let selected = try rules.map { name in
            guard let rule = BudgetRule(rawValue: name) else { throw CommandFailure("unknown rule '\(name)'") }
            return rule
        }
        #if DEBUG
        FileHandle.standardError.write(Data("warning: this is a debug build; timings are not representative\n".utf8))
        #endif
        let measurements = try BudgetBenchmark.run(
            projects: projects, voters: voters, seed: seed, voteType: type,
            rules: selected.isEmpty ? nil : selected)
        for measurement in measurements { print(measurement) }
    }
}

enum PabulibFiles {
    /// Reads and parses a `.pb` file; failures name the file and, for format errors, the line.
    static func read(_ file: String) throws -> PabulibElection {
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw CommandFailure("cannot read \(file): \(error.localizedDescription)")
        }
        do {
            let election = try PabulibParser.parse(text)
            for warning in election.warnings {
                FileHandle.standardError.write(Data("warning: \(file): \(warning)\n".utf8))
            }
            return election
        } catch {
            throw CommandFailure("\(file): \(error)")
        }
    }
}
