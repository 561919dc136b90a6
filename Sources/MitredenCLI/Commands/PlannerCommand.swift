import ArgumentParser
import Foundation
import MitredenDomain
import MitredenStore
import Yams

/// `mitreden planner …`: define a campaign's budget planner and read what the plans did.
struct PlannerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "planner",
        abstract: "Define a campaign's budget planner (Haushaltsrechner) and print the summary of the submitted plans.",
        subcommands: [Define.self, Summary.self]
    )

    struct Define: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Define or replace the campaign's planner from a YAML or JSON file (the `planner` section of a campaign file).",
            discussion: "Refused once a plan has been submitted. Audited. Amounts are in euros, like the areas' budgets."
        )
        @Option(help: "Campaign slug.") var campaign: String
        @Option(name: .shortAndLong, help: "The planner file (YAML or JSON).") var file: String

        func run() async throws {
            let file = self.file
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw CommandFailure("\(file): cannot read the file as UTF-8 text")
            }
            let spec: PlannerSpec
            do {
                guard let root = try Yams.compose(yaml: text) else { throw CommandFailure("\(file): the file is empty") }
                let node = root.mapping?["planner"] ?? root
                spec = try NodeReader(file: file).planner(node, at: "")
            } catch let error as CampaignFileError {
                throw CommandFailure(error.description)
            } catch let error as CommandFailure {
                throw error
            } catch {
                throw CommandFailure("\(file): not valid YAML or JSON: \(error)")
            }
            let environment = try CommandEnvironment.load()
            let slug = campaign
            let planner = try await environment.runService { database in
                let campaign = try await CampaignService(database: database, clock: environment.configuration.clock).require(slug)
                return try await PlannerService(database: database, clock: environment.configuration.clock)
                    .define(spec, campaign: campaign, by: .commandLine)
            }
            print(
                "defined planner '\(planner.definition.title)' of \(slug): \(planner.definition.areas.count) areas, "
                    + "\(planner.definition.items.count) items, balance rule \(planner.definition.balanceRule.slug)")
        }
    }

    struct Summary: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What the submitted plans did per item (raised, lowered, kept, quartiles, mean) and overall, computed now.")
        @Option(help: "Campaign slug.") var campaign: String
        @OptionGroup var output: OutputFormat

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let slug = campaign
            let (planner, summary) = try await environment.runService { database in
                let campaign = try await CampaignService(database: database, clock: environment.configuration.clock).require(slug)
                let service = PlannerService(database: database, clock: environment.configuration.clock)
                let planner = try await service.planner(of: campaign)
                return (planner, try await service.freshSummary(planner))
            }
            if output.json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
                print(String(decoding: try encoder.encode(summary), as: UTF8.self))
                return
            }
            let balanced = summary.plans == 0 ? "-" : "\(summary.balancedPlans * 100 / summary.plans) %"
            print(
                "\(TerminalText.sanitized(planner.definition.title)): \(summary.plans) plans, \(summary.balancedPlans) balanced (\(balanced)), "
                    + "median balance \(summary.medianBalanceCents.map(Self.euros) ?? "-") (baseline \(Self.euros(summary.baselineBalanceCents)))")
            let rows = summary.items.map { item in
                [
                    item.item, "\(item.raised)", "\(item.lowered)", "\(item.kept)", Self.euros(item.lowerQuartileCents),
                    Self.euros(item.medianCents), Self.euros(item.upperQuartileCents), Self.euros(item.meanCents),
                ]
            }
            print(CommandOutput.table(["ITEM", "RAISED", "LOWERED", "KEPT", "Q1", "MEDIAN", "Q3", "MEAN"], rows))
            for typical in summary.typicalPlans {
                let changes = typical.changes.filter { $0.value != 0 }.sorted { $0.key < $1.key }
                    .map { "\($0.key) \($0.value > 0 ? "+" : "")\(Self.euros($0.value))" }.joined(separator: ", ")
                print("typical plan \(typical.number) (\(typical.plans) plans): \(changes.isEmpty ? "keeps everything" : changes)")
            }
        }

        /// Cents as euros with two decimals (exact: integer arithmetic).
        static func euros(_ cents: Int64) -> String {
            let sign = cents < 0 ? "-" : ""
            let magnitude = cents.magnitude
            let fraction = String(magnitude % 100)
            return "\(sign)\(magnitude / 100).\(fraction.count == 1 ? "0" + fraction : fraction) €"
        }
    }
}
