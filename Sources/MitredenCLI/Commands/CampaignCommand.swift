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
            let environment = try CommandEnvironment.load()
            let created: CampaignRecord
            do {
                created = try await environment.withDatabase { database in
                    try await CampaignService(database: database, clock: environment.configuration.clock)
                        .create(parsed.spec, by: .commandLine)
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

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let campaigns = try await environment.runService { database in
                try await CampaignService(database: database, clock: environment.configuration.clock).list(draftUnits: nil, after: nil, limit: 10_000)
            }
            let now = environment.configuration.clock.now
            for campaign in campaigns {
                let phase = campaign.phaseContext.schedule.current(at: now)?.kind.rawValue ?? "-"
                print(
                    [
                        campaign.slug, campaign.status.rawValue, campaign.fields.kind.rawValue, phase, campaign.unitSlug,
                        campaign.fields.title,
                    ].joined(separator: "\t"))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a campaign with its schedule, what participants can do now, categories and areas.")
        @Argument(help: "Campaign slug.") var slug: String

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let slug = self.slug
            let campaign = try await environment.runService { database in
                try await CampaignService(database: database, clock: environment.configuration.clock).require(slug)
            }
            print(CampaignDescription.text(of: campaign, now: environment.configuration.clock.now))
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
                    """
            )
            @Argument(help: "Campaign slug.") var slug: String
            @Option(name: .customLong("phase"), help: "KIND=START/END; repeat for each phase.") var phases: [String] = []

            func run() async throws {
                let windows = try phases.enumerated().map { index, text in try Self.window(text, index: index) }
                let environment = try CommandEnvironment.load()
                let slug = self.slug
                let campaign = try await environment.runService { database in
                    try await CampaignService(database: database, clock: environment.configuration.clock)
                        .setPhases(slug, to: windows, by: .commandLine)
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
