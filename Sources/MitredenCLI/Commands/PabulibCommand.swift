import ArgumentParser
import Foundation
import MitredenDomain

/// `mitreden pabulib …`: work with participatory-budgeting files in the Pabulib format.
struct PabulibCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pabulib",
        abstract: "Compute results from Pabulib (.pb) files, import them as campaigns, export campaigns as .pb.",
        subcommands: [
            PabulibResultsCommand.self, PabulibExplainCommand.self, PabulibImportCommand.self, PabulibExportCommand.self,
            PabulibBenchmarkCommand.self,
        ]
    )
}

/// `mitreden pabulib results FILE [--rule NAME]…`: prints the outcome of each rule as JSON
/// (`{"<rule>": {"selected": [ids], "cost": n}}`), computed with exact arithmetic. Needs no
/// database.
struct PabulibResultsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "Print the winners of a .pb file under each rule, as JSON.",
        discussion: """
            Without --rule, every rule that applies to the file's vote type is computed. Rules: \
            \(BudgetRule.allCases.map(\.rawValue).joined(separator: ", ")). Warnings about the file \
            (missing optional metadata, count mismatches) go to standard error.
            """
    )

    @Argument(help: "The .pb file.", completion: .file(extensions: ["pb"]))
    var file: String

    @Option(name: .customLong("rule"), help: "A rule to compute (repeatable).")
    var rules: [String] = []

    func validate() throws {
        for rule in rules where BudgetRule(rawValue: rule) == nil {
            throw ValidationError("unknown rule '\(rule)'; choose from \(BudgetRule.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw CommandFailure("cannot read \(file): \(error.localizedDescription)")
        }
        let election: PabulibElection
        do {
            election = try PabulibParser.parse(text)
        } catch {
            throw CommandFailure("\(file): \(error)")
        }
        for warning in election.warnings {
            FileHandle.standardError.write(Data("warning: \(file): \(warning)\n".utf8))
        }
        let selectedRules = rules.compactMap(BudgetRule.init(rawValue:))
        do {
            let report = try BudgetConformanceReport.json(
                for: try election.budgetElection(), rules: selectedRules.isEmpty ? nil : selectedRules
            )
            FileHandle.standardOutput.write(Data(report.utf8))
        } catch {
            throw CommandFailure("\(file): \(error)")
        }
    }
}

/// `mitreden pabulib explain FILE --rule NAME`: why each project of a .pb file was or was not
/// funded under a rule, as JSON (the `explanation` a stored run carries). Needs no database;
/// `Tests/Pabutools/run.sh` compares it with pabutools' own analysis.
struct PabulibExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Print why each project of a .pb file was or was not funded under a rule, as JSON."
    )

    @Argument(help: "The .pb file.", completion: .file(extensions: ["pb"]))
    var file: String

    @Option(help: "The rule: \(BudgetRule.allCases.map(\.rawValue).joined(separator: ", ")).")
    var rule: String

    func validate() throws {
        guard BudgetRule(rawValue: rule) != nil else {
            throw ValidationError("unknown rule '\(rule)'; choose from \(BudgetRule.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        guard let rule = BudgetRule(rawValue: rule) else { return }
        let election: PabulibElection
        do {
            election = try PabulibParser.parse(try String(contentsOfFile: file, encoding: .utf8))
        } catch {
            throw CommandFailure("\(file): \(error)")
        }
        do {
            let explanation = try ResultExplainer.explain(rule, election: try election.budgetElection())
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(explanation) + Data("\n".utf8))
        } catch {
            throw CommandFailure("\(file): \(error)")
        }
    }
}
