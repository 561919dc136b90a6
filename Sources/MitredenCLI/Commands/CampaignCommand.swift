import ArgumentParser
import Foundation
import MitredenDomain
import MitredenStore

/// `mitreden campaign …`: set up and run consultations from the command line.
struct CampaignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign",
        abstract: "Create campaigns from a file, list and show them, publish them, set their phases.",
        discussion: "An annotated example file is in Deploy/examples/campaign-domplatz.yaml.",
        subcommands: [Create.self, List.self, Show.self, Publish.self, Phases.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a draft campaign with its phases, categories and areas from a YAML or JSON file.",
            discussion: "All or nothing: a file with any error creates nothing, and the error names the line and field."
        )
        @Option(name: .shortAndLong, help: "The campaign file (YAML or JSON).") var file: String

        func run() async throws {
            let file = self.file
            let parsed: CampaignFile
            do { parsed = try CampaignFile.read(path: file) } catch { throw CommandFailure(error.description) }
            // The planner is checked before anything is created, so a file with an error in it creates nothing.
            if let planner = parsed.planner {
                do { _ = try planner.validated() } catch {
                    throw CommandFailure(
                        error.problems.map { parsed.locate(FieldProblem(field: "planner.\($0.field)", message: $0.message), file: file).description }
                            .joined(separator: "\n"))
                }
            }
            let environment = try CommandEnvironment.load()
            let created: CampaignRecord
            do {
                created = try await environment.withDatabase { database in
                    let campaign = try await CampaignService(database: database, clock: environment.configuration.clock)
                        .create(parsed.spec, by: .commandLine)
                    if let planner = parsed.planner {
                        _ = try await PlannerService(database: database, clock: environment.configuration.clock)
                            .define(planner, campaign: campaign, by: .commandLine)
                    }
                    return campaign
                }
            } catch let error as ServiceError {
                // Field problems point at the file's line; anything else names the file.
                guard case .invalid(let problems) = error else {
                    throw CommandFailure("\(file): \(error.operatorMessage)", exitStatus: error.exitStatus)
                }
                throw CommandFailure(problems.map { parsed.locate($0, file: file).description }.joined(separator: "\n"))
            }
            print(
                "created draft campaign \(created.slug) with \(created.phases.count) phases, "
                    + "\(created.categories.count) categories and \(created.areas.count) areas; publish it with "
                    + "`mitreden campaign publish \(created.slug)`")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every campaign: slug, status, kind, current phase, unit, title.")
        @OptionGroup var output: OutputFormat

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let campaigns = try await environment.runService { database in
                try await CampaignService(database: database, clock: environment.configuration.clock).list(draftUnits: nil, after: nil, limit: 10_000)
            }
            let now = environment.configuration.clock.now
            let items = campaigns.map { CampaignListItem($0, now: now) }
            try CommandOutput.print(
                Listing(items: items, total: items.count), json: output.json, headers: ["SLUG", "STATUS", "KIND", "PHASE", "UNIT", "TITLE"],
                row: { [$0.slug, $0.status, $0.kind, $0.currentPhase ?? "-", $0.unit, $0.title] }, empty: "no campaigns")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a campaign with its schedule, what participants can do now, categories and areas.")
        @Argument(help: "Campaign slug.") var slug: String
        @OptionGroup var output: OutputFormat

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let slug = self.slug
            let campaign = try await environment.runService { database in
                try await CampaignService(database: database, clock: environment.configuration.clock).require(slug)
            }
            let now = environment.configuration.clock.now
            print(output.json ? try CommandOutput.json(CampaignDetail(campaign, now: now)) : CampaignDescription.text(of: campaign, now: now))
        }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Publish a draft campaign (it needs at least one phase).")
        @Argument(help: "Campaign slug.") var slug: String

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let slug = self.slug
            let campaign = try await environment.runService { database in
                try await CampaignService(database: database, clock: environment.configuration.clock).publish(slug, by: .commandLine)
            }
            print("published \(campaign.slug)")
        }
    }

    struct Phases: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a campaign's schedule.", subcommands: [SetPhases.self])

        struct SetPhases: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "set",
                abstract: "Replace a campaign's schedule with the given phases, in order.",
                discussion: """
                    Each --phase is KIND=START/END with RFC 3339 times, for example
                      --phase proposals=2027-03-01T00:00:00+01:00/2027-04-01T00:00:00+02:00
                    Kinds: \(PhaseKind.allCases.map(\.rawValue).joined(separator: ", ")). Windows must not overlap.
                    Asks for confirmation on a terminal; elsewhere pass --yes.
                    """
            )
            @Argument(help: "Campaign slug.") var slug: String
            @Option(name: .customLong("phase"), help: "KIND=START/END; repeat for each phase.") var phases: [String] = []
            @Flag(help: "Do not ask for confirmation.") var yes = false

            /// Without a phase the command would wipe the schedule, which on a published
            /// campaign closes everything at once: never by a forgotten option.
            func validate() throws {
                guard !phases.isEmpty else {
                    throw ValidationError("give the new schedule as one --phase KIND=START/END per phase; nothing was changed")
                }
            }

            func run() async throws {
                let windows = try phases.enumerated().map { index, text in try Self.window(text, index: index) }
                let environment = try CommandEnvironment.load()
                let (slug, confirmed) = (self.slug, yes)
                let campaign = try await environment.runService { database in
                    let service = CampaignService(database: database, clock: environment.configuration.clock)
                    if !confirmed {
                        let current = try await service.require(slug)
                        try Confirmation.ask(
                            "Replace the \(current.phases.count) phases of \(slug) (\(current.status.rawValue)) with \(windows.count)?")
                    }
                    return try await service.setPhases(slug, to: windows, by: .commandLine)
                }
                print(CampaignDescription.text(of: campaign, now: environment.configuration.clock.now))
            }

            static func window(_ text: String, index: Int) throws -> PhaseWindow {
                let parts = text.split(separator: "=", maxSplits: 1)
                let times = parts.count == 2 ? parts[1].split(separator: "/") : []
                let formatter = ISO8601DateFormatter()
                guard parts.count == 2, let kind = PhaseKind(rawValue: String(parts[0])), times.count == 2,
                    let start = formatter.date(from: String(times[0])), let end = formatter.date(from: String(times[1]))
                else {
                    throw CommandFailure(
                        "--phase #\(index + 1) '\(text)': expected KIND=START/END, e.g. voting=2027-05-01T00:00:00+02:00/2027-05-22T00:00:00+02:00")
                }
                return PhaseWindow(kind: kind, startsAt: start, endsAt: end)
            }
        }
    }
}

/// A campaign as `campaign list --json` prints it.
struct CampaignListItem: Encodable {
    let slug: String
    let title: String
    let status: String
    let kind: String
    let currentPhase: String?
    let unit: String

    init(_ campaign: CampaignRecord, now: Date) {
        slug = campaign.slug
        title = campaign.fields.title
        status = campaign.status.rawValue
        kind = campaign.fields.kind.rawValue
        currentPhase = campaign.phaseContext.schedule.current(at: now)?.kind.rawValue
        unit = campaign.unitSlug
    }
}

/// A campaign as `campaign show --json` prints it.
struct CampaignDetail: Encodable {
    struct Phase: Encodable {
        let kind: String
        let startsAt: Date
        let endsAt: Date
    }
    struct Category: Encodable {
        let slug: String
        let name: String
    }
    struct Area: Encodable {
        let slug: String
        let name: String
        let budgetCents: Int64
    }
    let slug: String
    let title: String
    let status: String
    let kind: String
    let unit: String
    let currentPhase: String?
    let proposalModeration: String
    let commentModeration: String
    /// What participants can do now: `submit_proposal`, `comment`, `support`, `rate`, `vote`, `see_results`.
    let participantsCan: [String]
    let phases: [Phase]
    let categories: [Category]
    let areas: [Area]
    let ballotMethod: String?
    let createdAt: Date

    init(_ campaign: CampaignRecord, now: Date) {
        let can = PhaseRules.capabilities(of: campaign.phaseContext, at: now)
        slug = campaign.slug
        title = campaign.fields.title
        status = campaign.status.rawValue
        kind = campaign.fields.kind.rawValue
        unit = campaign.unitSlug
        currentPhase = campaign.phaseContext.schedule.current(at: now)?.kind.rawValue
        proposalModeration = campaign.fields.proposalModeration.rawValue
        commentModeration = campaign.fields.commentModeration.rawValue
        participantsCan = [
            ("submit_proposal", can.submitProposal), ("comment", can.comment), ("support", can.support), ("rate", can.rate),
            ("vote", can.vote), ("see_results", can.seeResults), ("plan", can.plan),
        ].filter(\.1).map(\.0)
        phases = campaign.phases.map { Phase(kind: $0.kind.rawValue, startsAt: $0.startsAt, endsAt: $0.endsAt) }
        categories = campaign.categories.map { Category(slug: $0.slug, name: $0.name) }
        areas = campaign.areas.map { Area(slug: $0.slug, name: $0.name, budgetCents: $0.budgetCents) }
        ballotMethod = campaign.fields.settings.ballot?.method.rawValue
        createdAt = campaign.createdAt
    }
}
