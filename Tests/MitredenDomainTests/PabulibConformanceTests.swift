import Foundation
import MitredenDomain
import Testing

/// Every outcome in `shared/pb/expected.json`, reproduced from the three `.pb` files.
@Suite("Conformance with shared/pb/expected.json")
struct PabulibConformanceTests {
    struct Expected {
        let selected: Set<String>
        let cost: Rational
    }

    /// `expected.json` as `file → rule → outcome`. Costs are read from the JSON number's
    /// shortest spelling, which is exact for the short decimals the file holds.
    static func expectations() throws -> [String: [String: Expected]] {
        let data = try Data(contentsOf: BudgetExamples.directory().appendingPathComponent("expected.json"))
        let root = try #require(JSONSerialization.jsonObject(with: data) as? [String: [String: [String: Any]]])
        return try root.mapValues { rules in
            try rules.mapValues { entry in
                let selected = try #require(entry["selected"] as? [String])
                let cost = try #require(entry["cost"] as? NSNumber)
                return Expected(selected: Set(selected), cost: .decimal("\(cost)"))
            }
        }
    }

    @Test("every rule of every file matches", arguments: BudgetExamples.fileNames)
    func outcomesMatch(file: String) throws {
        let expected = try #require(try Self.expectations()[file], "expected.json has no entry for \(file)")
        let election = try BudgetExamples.election(file).budgetElection()

        #expect(Set(expected.keys) == Set(BudgetRule.applicable(to: election.voteType).map(\.rawValue)))
        for (name, outcome) in expected {
            let rule = try #require(BudgetRule(rawValue: name), "unknown rule \(name)")
            let computed = try rule.outcome(for: election)
            #expect(Set(computed.selectedProjectIDs) == outcome.selected, "\(file) \(name)")
            #expect(computed.totalCost == outcome.cost, "\(file) \(name)")
        }
    }

    @Test("the conformance report is the expected JSON", arguments: BudgetExamples.fileNames)
    func reportMatches(file: String) throws {
        let expected = try #require(try Self.expectations()[file])
        let election = try BudgetExamples.election(file).budgetElection()

        let report = try BudgetConformanceReport.json(for: election)

        let parsed = try #require(
            JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: [String: Any]]
        )
        #expect(Set(parsed.keys) == Set(expected.keys))
        for (name, outcome) in expected {
            let entry = try #require(parsed[name])
            #expect(Set(try #require(entry["selected"] as? [String])) == outcome.selected)
            #expect(Rational.decimal("\(try #require(entry["cost"] as? NSNumber))") == outcome.cost)
        }
    }

    @Test("costs are written as exact JSON numbers")
    func reportWritesExactCosts() throws {
        let election = try BudgetExamples.election("syn2_edge_cases.pb").budgetElection()

        let report = try BudgetConformanceReport.json(for: election, rules: [.greedyVotesPerCost, .mesCost])

        #expect(
            report == """
                {
                  "greedy_votes_per_cost": {"selected": ["B.2", "d4", "f6", "g7"], "cost": 890.25},
                  "mes_cost": {"selected": ["B.2", "g7"], "cost": 540}
                }

                """)
    }

    @Test("points rules are refused for approval ballots")
    func pointsRulesNeedPoints() throws {
        let election = try BudgetExamples.election("syn1_groups_and_lexicographic_ties.pb").budgetElection()

        #expect(throws: BudgetRuleError.notApplicable(.mesPoints, .approval)) {
            try BudgetRule.mesPoints.outcome(for: election)
        }
        #expect(!BudgetRule.greedyPoints.isApplicable(to: .approval))
        #expect(BudgetRule.greedyPoints.isApplicable(to: .scoring))
    }

    @Test("tie-breaking compares ids by Unicode scalars")
    func tieOrder() {
        #expect(BudgetOutcome.precedes("10", "9"))
        #expect(BudgetOutcome.precedes("c10", "c2"))
        #expect(BudgetOutcome.precedes("B.2", "e5"))
        #expect(BudgetOutcome.precedes("1109", "214"))
        #expect(!BudgetOutcome.precedes("9", "10"))
    }
}
