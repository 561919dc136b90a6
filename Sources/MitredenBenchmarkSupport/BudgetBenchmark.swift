import Foundation
import MitredenDomain

/// Timings of the participatory-budgeting code on a synthetic election, for a benchmark
/// command or script to print. Run it from an optimised build; debug builds are many times
/// slower.
public enum BudgetBenchmark {
    /// One timed step.
    public struct Measurement: Sendable, Hashable, CustomStringConvertible {
        public let name: String
        public internal(set) var seconds: Double
        /// What the step produced, for a reader to sanity-check (sizes, selected projects).
        public let detail: String

        public var description: String {
            let milliseconds = (seconds * 1_000_000).rounded() / 1_000
            return "\(name): \(milliseconds) ms (\(detail))"
        }
    }

    /// Generates a synthetic election, writes and parses it as a `.pb` file, then computes
    /// each rule on its own (including its preparation, as a single request would).
    ///
    /// - Parameter rules: The rules to time; by default all that apply to `voteType`.
    public static func run(
        projects: Int = 100,
        voters: Int = 100_000,
        seed: UInt64 = 1,
        voteType: BudgetVoteType = .approval,
        rules: [BudgetRule]? = nil
    ) throws -> [Measurement] {
        var measurements: [Measurement] = []
        @discardableResult
        func measure<T>(_ name: String, _ work: () throws -> T, detail: (T) -> String) rethrows -> T {
            let clock = ContinuousClock()
            let start = clock.now
            let result = try work()
            let elapsed = start.duration(to: clock.now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            measurements.append(Measurement(name: name, seconds: seconds, detail: detail(result)))
            return result
        }

        let parameters = SyntheticElection.Parameters(projects: projects, voters: voters, seed: seed, voteType: voteType)
        let election = measure("generate \(projects)×\(voters)", { SyntheticElection.make(parameters) }) {
            "budget \($0.budget), \($0.ballots.count) ballots"
        }
        let text = try measure("write .pb", { try PabulibWriter.write(PabulibElection(election)) }) {
            "\($0.utf8.count) bytes"
        }
        let parsed = try measure("parse .pb", { try PabulibParser.parse(text) }) {
            "\($0.projects.count) projects, \($0.votes.count) votes"
        }
        let model = try parsed.budgetElection()
        // What each iteration of the add1 rules costs: one MES run on an already prepared election.
        let context = BudgetRuleContext(model)
        _ = context.runEqualShares(.cost, perVoterBudget: context.equalShare)
        let repetitions = 5
        measure(
            "one mes_cost run, prepared (mean of \(repetitions))",
            {
                for _ in 0..<repetitions { _ = context.runEqualShares(.cost, perVoterBudget: context.equalShare) }
            }
        ) { "\(context.approvalGroups.count) distinct ballots" }
        measurements[measurements.count - 1].seconds /= Double(repetitions)

        for rule in rules ?? BudgetRule.applicable(to: voteType) {
            try measure(rule.rawValue, { try rule.outcome(for: model) }) {
                "\($0.selectedProjectIDs.count) selected, cost \($0.totalCost)"
            }
        }
        return measurements
    }
}
