import ArgumentParser
import Foundation
import MitredenDomain
import MitredenStore

/// `mitreden results …`: compute frozen result runs and mark the official one.
struct ResultsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "Compute a budget campaign's results, mark the official run, exclude a proposal after the close, recount a run.",
        subcommands: [Compute.self, Official.self, Exclude.self, Verify.self]
    )

    struct Compute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Compute per area from the stored ballots and store a run (or find the identical one); prints each run. What readers of the results see from then on."
        )
        @Option(help: "Campaign slug.") var campaign: String
        @Option(
            help: "The rule: \(BudgetRule.allCases.map(\.rawValue).joined(separator: ", ")); default: the campaign's settings.ballot.resultMethod."
        ) var method: String?
        @Option(help: "Only this area.") var area: String?
        @Flag(help: "Mark the runs as the official results (only after voting has closed).") var official = false
        @Flag(help: "Compute a provisional result while voting is still open (refused without this flag).") var provisional = false

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let (slug, method, area, official, provisional) = (campaign, self.method, self.area, self.official, self.provisional)
            let results = try await environment.runService { database in
                let service = ResultService(database: database, clock: environment.configuration.clock)
                let campaign = try await CampaignService(database: database, clock: environment.configuration.clock).require(slug)
                return try await service.compute(
                    campaign, rule: try ResultService.method(method, for: campaign), area: area, official: official, provisional: provisional)
            }
            for run in results.runs {
                let selected = run.selected.map { $0.reference ?? $0.proposalId.uuidString.lowercased() }.joined(separator: ",")
                print(
                    "run \(run.id.uuidString.lowercased()) area \(run.areaSlug) method \(run.method) digest \(run.inputDigest) "
                        + "ballots \(run.ballots) cost \(run.totalCostCents) official \(run.official) selected \(selected)")
            }
        }
    }

    struct Official: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark a run as the official result of its area (audited); until then every result is provisional.")
        @Option(name: .customLong("run"), help: "Run id.") var runID: String

        func run() async throws {
            guard let id = ResultRun.ID(runID) else { throw CommandFailure("--run must be a run id (UUID)") }
            let environment = try CommandEnvironment.load()
            try await environment.runService { database in
                try await ResultService(database: database, clock: environment.configuration.clock).markOfficial(id, by: .commandLine)
            }
            print("official")
        }
    }

    struct Exclude: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "After voting has closed, take a proposal out of an area's result (audited): a new official run supersedes the old one, which stays stored."
        )
        @Option(help: "Campaign slug.") var campaign: String
        @Option(help: "Area slug.") var area: String
        @Option(help: "Proposal id (UUID).") var proposal: String
        @Option(help: "Why (shown with the new run, recorded in the audit log).") var reason: String

        func run() async throws {
            guard let proposalID = Proposal.ID(proposal) else { throw CommandFailure("--proposal must be a proposal id (UUID)") }
            let environment = try CommandEnvironment.load()
            let (slug, area, reason) = (campaign, self.area, self.reason)
            let run = try await environment.runService { database in
                let campaign = try await CampaignService(database: database, clock: environment.configuration.clock).require(slug)
                return try await ResultService(database: database, clock: environment.configuration.clock)
                    .exclude(campaign, area: area, proposal: proposalID, reason: reason, by: .commandLine)
            }
            let selected = run.selected.map { $0.reference ?? $0.proposalId.description }.joined(separator: ",")
            print(
                "run \(run.id) area \(run.areaSlug) method \(run.method) supersedes \(run.supersedes?.description ?? "-") "
                    + "digest \(run.inputDigest) cost \(run.totalCostCents) official \(run.official) selected \(selected)")
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recount a stored run from its stored input: recompute the input digest, the outcome and the explanation and compare them.",
            discussion: "Exits 0 when everything matches, 1 when anything differs."
        )
        @Argument(help: "Run id (UUID).") var runID: String

        func run() async throws {
            guard let id = ResultRun.ID(runID) else { throw CommandFailure("RUN-ID must be a run id (UUID)") }
            let environment = try CommandEnvironment.load()
            let result = try await environment.runService { database in
                try await ResultService(database: database, clock: environment.configuration.clock).verify(id)
            }
            func word(_ ok: Bool) -> String { ok ? "matches" : "DIFFERS" }
            print("run \(result.run) method \(result.method)")
            print("digest \(word(result.digestMatches)): stored \(result.storedDigest) recomputed \(result.recomputedDigest)")
            print("outcome \(word(result.outcomeMatches)): \(result.recomputedSelection.joined(separator: ","))")
            print("explanation \(word(result.explanationMatches))")
            guard result.matches else { throw ExitCode(1) }
            print("verified")
        }
    }
}
