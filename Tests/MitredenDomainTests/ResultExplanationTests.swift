import Foundation
import MitredenDomain
import Testing

/// Explanations on the worked examples, checked against the traces in shared/pb/README.md.
/// (`Tests/Pabutools/run.sh` checks the equal-shares figures against pabutools itself.)
@Suite struct ResultExplanationTests {
    static func explain(_ file: String, _ rule: BudgetRule) throws -> [String: ProjectExplanation] {
        let explanation = try ResultExplainer.explain(rule, election: try BudgetExamples.election(file).budgetElection())
        return Dictionary(uniqueKeysWithValues: explanation.projects.map { ($0.projectId, $0) })
    }

    @Test func everyRuleExplainsExactlyTheProjectsItFunds() throws {
        for file in BudgetExamples.fileNames {
            let election = try BudgetExamples.election(file).budgetElection()
            for rule in BudgetRule.applicable(to: election.voteType) {
                let outcome = try rule.outcome(for: election)
                let explanation = try ResultExplainer.explain(rule, election: election)
                #expect(explanation.projects.count == election.projects.count, "\(file) \(rule)")
                #expect(Set(explanation.projects.filter(\.funded).map(\.projectId)) == Set(outcome.selectedProjectIDs), "\(file) \(rule)")
                // Deterministic: a recount gives the same explanation.
                #expect(try ResultExplainer.explain(rule, election: election) == explanation)
            }
        }
    }

    @Test func equalSharesOnSyn2FollowsTheTraceOfTheReadme() throws {
        let explanation = try ResultExplainer.explain(.mesCost, election: try BudgetExamples.election("syn2_edge_cases.pb").budgetElection())
        #expect(explanation.shareBefore == "105.05")
        #expect(explanation.shareAfter == "105.05")
        let projects = Dictionary(uniqueKeysWithValues: explanation.projects.map { ($0.projectId, $0) })
        // Round 1: B.2, its six supporters pay 250/3 each; round 2: g7, v6 pays 40.
        #expect(projects["B.2"]?.reason == .equalSharesFunded)
        #expect(projects["B.2"]?.round == 1)
        #expect(projects["B.2"]?.pricePerSupporter == "250/3")
        #expect(projects["g7"]?.round == 2)
        #expect(projects["g7"]?.pricePerSupporter == "40")
        #expect((projects["B.2"]?.effectiveSupport ?? 0) >= 100)
        // its nine supporters hold 945.45 < 1200, so it needed ⌈1200 ÷ 105.05⌉ = 12.
        #expect(projects["A-1"]?.reason == .neededMoreSupporters)
        #expect(projects["A-1"]?.neededSupporters == 12)
        #expect(projects["f6"]?.reason == .noSupporters)
        // C/3, d4, e5 became unaffordable after B.2: their supporters' money went to it.
        for id in ["C/3", "d4", "e5"] {
            #expect(projects[id]?.reason == .supportersMoneyRanOut, "\(id)")
            #expect(projects[id]?.spentOn?.first?.projectId == "B.2", "\(id)")
        }
        let comparison = try #require(explanation.comparison)
        #expect(comparison.greedy.rule == "greedy_votes")
        #expect(comparison.voters == 10)
        #expect(Set(comparison.onlyGreedy + comparison.onlyEqualShares).isSubset(of: Set(projects.keys)))
    }

    @Test func greedyAndPhragmenSayWhereTheBudgetRanOut() throws {
        let phragmen = try Self.explain("syn2_edge_cases.pb", .seqPhragmen)
        #expect(phragmen["g7"]?.round == 1)
        #expect(phragmen["g7"]?.load == "40")
        #expect(phragmen["B.2"]?.load == "250/3")
        #expect(phragmen["d4"]?.load == "6083/48")
        #expect(phragmen["e5"]?.reason == .phragmenStopped)
        #expect(phragmen["e5"]?.remainingBudget == "210.25")
        #expect(phragmen["A-1"]?.reason == .overBudget)

        let greedy = try Self.explain("syn1_groups_and_lexicographic_ties.pb", .greedyVotes)
        // 4 (12 votes) then 1 and 2 (7 each) take the whole 1000; 3 then did not fit 0.
        #expect(greedy["3"]?.reason == .didNotFit)
        #expect(greedy["3"]?.remainingBudget == "0")
        #expect(greedy["4"]?.round == 1)
    }

    @Test func theCompletionStepRaisesTheShareAndSaysSo() throws {
        let explanation = try ResultExplainer.explain(
            .mesCostAdd1Greedy, election: try BudgetExamples.election("syn1_groups_and_lexicographic_ties.pb").budgetElection())
        let projects = Dictionary(uniqueKeysWithValues: explanation.projects.map { ($0.projectId, $0) })
        #expect(projects["5"]?.reason == .greedyCompletion)
        #expect(explanation.shareBefore == "250/3")
        #expect(explanation.shareAfter != nil)
    }
}
