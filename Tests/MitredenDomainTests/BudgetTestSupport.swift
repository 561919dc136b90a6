import Foundation
import MitredenBenchmarkSupport
import MitredenDomain
import Testing

/// The shared worked examples: `shared/pb` next to the repository root.
enum BudgetExamples {
    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "the shared examples are missing: \(path) does not exist" }
    }

    static let fileNames = [
        "syn1_groups_and_lexicographic_ties.pb",
        "syn2_edge_cases.pb",
        "syn3_cumulative_points.pb",
    ]

    /// `<repository>/../shared/pb`, found from this source file. Symlinks are resolved so that
    /// the tests find the folder from any checkout layout that links to these sources.
    static func directory(file: String = #filePath) throws -> URL {
        let source = URL(fileURLWithPath: file).resolvingSymlinksInPath()
        let repository = source.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = repository.deletingLastPathComponent().appendingPathComponent("shared/pb")
        // A missing folder is a failure, never a skip: the conformance data must be there.
        guard FileManager.default.fileExists(atPath: directory.path) else { throw Missing(path: directory.path) }
        return directory
    }

    static func text(_ name: String) throws -> String {
        let url = try directory().appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Missing(path: url.path) }
        return try String(contentsOf: url, encoding: .utf8)
    }

    static func election(_ name: String) throws -> PabulibElection {
        try PabulibParser.parse(text(name))
    }
}

/// Helpers that keep test setup to one line.
extension BudgetElection {
    /// An approval election from a compact description: `costs` by id, ballots as id lists.
    static func approval(budget: Rational, costs: KeyValuePairs<String, Int>, ballots: [[String]]) throws -> BudgetElection {
        try BudgetElection(
            voteType: .approval,
            budget: budget,
            projects: costs.map { BudgetProject(id: $0.key, cost: Rational($0.value)) },
            ballots: ballots.map { .approval(Set($0)) }
        )
    }

    /// The same election with its ballots in another order.
    func withBallotsShuffled(seed: UInt64) throws -> BudgetElection {
        var random = SplitMix64(seed: seed)
        var ballots = self.ballots
        random.shuffle(&ballots)
        return try BudgetElection(voteType: voteType, budget: budget, projects: projects, ballots: ballots)
    }

    func cost(of ids: some Sequence<String>) -> Rational {
        let costs = Dictionary(uniqueKeysWithValues: projects.map { ($0.id, $0.cost) })
        return ids.reduce(Rational.zero) { $0 + costs[$1]! }
    }
}

extension Rational {
    /// `numerator / denominator`, written without the big-integer types.
    static func fraction(_ numerator: Int, _ denominator: Int) -> Rational {
        Rational(numerator) / Rational(denominator)
    }

    /// A literal decimal for tests; fails the test on a typo.
    static func decimal(_ text: String) -> Rational {
        guard let value = Rational(decimal: text) else {
            Issue.record("not a decimal: \(text)")
            return .zero
        }
        return value
    }
}
