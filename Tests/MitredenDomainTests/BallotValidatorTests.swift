import Foundation
import MitredenDomain
import Testing

@Suite struct BallotValidatorTests {
    let a = Proposal.ID.random(), b = Proposal.ID.random(), c = Proposal.ID.random()
    var costs: [Proposal.ID: Int64] { [a: 40_000, b: 50_000, c: 70_000] }

    func rules(_ violations: [BallotViolation]) -> [String] { violations.map(\.rule) }

    @Test func aKnapsackBallotWithinBudgetIsValid() {
        let found = BallotValidator.violations(
            of: [.init(proposalID: a), .init(proposalID: b)], rules: .init(method: .knapsack),
            eligible: costs, budgetCents: 100_000)
        #expect(found.isEmpty)
    }

    @Test func overBudgetAndUnderMinimumSpendAreNamed() {
        let over = BallotValidator.violations(
            of: [.init(proposalID: b), .init(proposalID: c)], rules: .init(method: .knapsack),
            eligible: costs, budgetCents: 100_000)
        #expect(rules(over) == ["over-budget"])
        #expect(over.first?.field == "choices")
        let under = BallotValidator.violations(
            of: [.init(proposalID: a)], rules: .init(method: .knapsack, minSpendPercent: 50),
            eligible: costs, budgetCents: 100_000)
        #expect(rules(under) == ["under-minimum-spend"])
    }

    @Test func sumsThatWouldOverflowAreViolationsNotTraps() {
        let huge: [Proposal.ID: Int64] = [a: .max, b: .max, c: .max]
        let knapsack = BallotValidator.violations(
            of: [.init(proposalID: a), .init(proposalID: b), .init(proposalID: c)], rules: .init(method: .knapsack, minSpendPercent: 100),
            eligible: huge, budgetCents: 1_000_000)
        #expect(rules(knapsack) == ["over-budget"])
        let hugeBudget = BallotValidator.violations(
            of: [.init(proposalID: a)], rules: .init(method: .knapsack, minSpendPercent: 50), eligible: costs, budgetCents: .max)
        #expect(rules(hugeBudget) == ["under-minimum-spend"])
        let cumulative = BallotValidator.violations(
            of: [.init(proposalID: a, points: .max), .init(proposalID: b, points: .max)], rules: .init(method: .cumulative, points: 10),
            eligible: costs, budgetCents: 100_000)
        #expect(rules(cumulative) == ["over-points", "over-points", "over-points"])
        let long = (0..<(InputCeilings.maximumChoices + 1)).map { _ in BallotChoice(proposalID: .random()) }
        #expect(rules(BallotValidator.violations(of: long, rules: .init(method: .approval), eligible: costs, budgetCents: 1)) == ["too-many-choices"])
    }

    @Test func everyViolatedRuleIsReported() {
        let unknown = Proposal.ID.random()
        let found = BallotValidator.violations(
            of: [.init(proposalID: a), .init(proposalID: a), .init(proposalID: unknown), .init(proposalID: b, points: 2)],
            rules: .init(method: .approval, maxChoices: 2), eligible: costs, budgetCents: 100_000
        )
        #expect(Set(rules(found)) == ["duplicate-choice", "not-on-ballot", "points-not-allowed", "too-many-choices"])
        #expect(found.first { $0.rule == "not-on-ballot" }?.field == "choices[2].proposalId")
    }

    @Test func approvalNeedsTheMinimumNumberOfChoices() {
        #expect(rules(BallotValidator.violations(of: [], rules: .init(method: .approval), eligible: costs, budgetCents: 1)) == ["too-few-choices"])
        #expect(BallotValidator.violations(of: [], rules: .init(method: .approval, minChoices: 0), eligible: costs, budgetCents: 1).isEmpty)
    }

    @Test func cumulativeBallotsRespectTotalPointsAndThePerProposalCap() {
        let rules = BallotRules(method: .cumulative, points: 5, maxPointsPerProposal: 3)
        let found = BallotValidator.violations(
            of: [.init(proposalID: a, points: 4), .init(proposalID: b, points: 3), .init(proposalID: c, points: 0), .init(proposalID: c)],
            rules: rules, eligible: costs, budgetCents: 1
        )
        #expect(Set(self.rules(found)) == ["over-proposal-cap", "over-points", "points-not-positive", "points-missing", "duplicate-choice"])
        #expect(
            BallotValidator.violations(
                of: [.init(proposalID: a, points: 3), .init(proposalID: b, points: 2)], rules: rules,
                eligible: costs, budgetCents: 1
            ).isEmpty)
    }

    @Test func theCapMustBePositiveInSettings() {
        var settings = CampaignSettings()
        settings.ballot = BallotRules(method: .cumulative, points: 10, maxPointsPerProposal: 0)
        #expect(settings.problems(for: .budget).map(\.field) == ["settings.ballot.maxPointsPerProposal"])
    }
}

@Suite struct ProposalRankingTests {
    @Test func netRankingBreaksTiesByMorePro() {
        let (contested, quiet, liked) = (Proposal.ID.random(), Proposal.ID.random(), Proposal.ID.random())
        let tallies = [
            ProposalTally(proposalID: quiet, pro: 1, contra: 0, supports: 0),
            ProposalTally(proposalID: contested, pro: 11, contra: 10, supports: 0),
            ProposalTally(proposalID: liked, pro: 5, contra: 1, supports: 0),
        ]
        let ranked = ProposalRanking.ranked(tallies, by: .net)
        #expect(ranked.map(\.proposalID) == [liked, contested, quiet])
        #expect(ranked.map { $0.score(under: .net) } == [4, 1, 1])
    }

    @Test func positiveOnlyRanksByProVotes() {
        let (contested, liked) = (Proposal.ID.random(), Proposal.ID.random())
        let ranked = ProposalRanking.ranked(
            [
                ProposalTally(proposalID: liked, pro: 5, contra: 1, supports: 0),
                ProposalTally(proposalID: contested, pro: 11, contra: 10, supports: 0),
            ], by: .positive)
        #expect(ranked.map(\.proposalID) == [contested, liked])
    }

    @Test func theOrderDoesNotDependOnTheInputOrder() {
        let tallies = (0..<20).map { ProposalTally(proposalID: .random(), pro: $0 % 4, contra: $0 % 3, supports: $0 % 2) }
        for rule in RankingRule.allCases {
            #expect(ProposalRanking.ranked(tallies, by: rule) == ProposalRanking.ranked(tallies.reversed(), by: rule))
        }
    }
}
