import MitredenBenchmarkSupport
import MitredenDomain
import Testing

/// Properties every outcome must have, over many seeded synthetic elections.
@Suite("Rule properties")
struct RulePropertyTests {
    /// Elections of realistic shape, approval and cumulative, plus tie-heavy small ones.
    static let elections: [BudgetElection] = (0..<12).flatMap(electionsForSeed)

    static func electionsForSeed(_ seed: Int) -> [BudgetElection] {
        let share = 0.02 * Double(seed + 5)
        let approval = SyntheticElection.Parameters(
            projects: 8 + seed, voters: 150 + 40 * seed, seed: UInt64(seed), budgetShare: share, minimumCost: 100
        )
        let cumulative = SyntheticElection.Parameters(
            projects: 10, voters: 120, seed: UInt64(seed), voteType: .cumulative, maxProjectsPerBallot: 5, minimumCost: 50
        )
        return [
            SyntheticElection.make(approval),
            SyntheticElection.make(cumulative),
            RuleTestElections.tieHeavy(seed: UInt64(500 + seed)),
            RuleTestElections.tieHeavy(seed: UInt64(600 + seed), voteType: .scoring),
        ]
    }

    static let indices = Array(elections.indices)

    @Test("no rule spends more than the budget", arguments: indices)
    func neverOverBudget(index: Int) throws {
        let election = Self.elections[index]
        for outcome in try BudgetRule.outcomes(BudgetRule.applicable(to: election.voteType), for: election) {
            #expect(outcome.totalCost <= election.budget, "\(outcome.rule.rawValue)")
            #expect(outcome.totalCost == election.cost(of: outcome.selectedProjectIDs))
            #expect(Set(outcome.selectedProjectIDs).count == outcome.selectedProjectIDs.count)
        }
    }

    @Test("greedy outcomes leave no project that still fits", arguments: indices)
    func greedyIsExhaustive(index: Int) throws {
        let election = Self.elections[index]
        let rules = [BudgetRule.greedyVotes, .greedyVotesPerCost, .greedyPoints, .mesCostAdd1Greedy]
        for rule in rules where rule.isApplicable(to: election.voteType) {
            let outcome = try rule.outcome(for: election)
            let left = election.budget - outcome.totalCost
            let unselected = election.projects.filter { !outcome.selectedProjectIDs.contains($0.id) }
            #expect(unselected.allSatisfy { $0.cost > left }, "\(rule.rawValue)")
        }
    }

    @Test("outcomes do not depend on the order of the ballots", arguments: indices)
    func ballotOrderIrrelevant(index: Int) throws {
        let election = Self.elections[index]
        let rules = BudgetRule.applicable(to: election.voteType)
        let shuffled = try election.withBallotsShuffled(seed: UInt64(index))

        #expect(try BudgetRule.outcomes(rules, for: shuffled) == BudgetRule.outcomes(rules, for: election))
    }

    @Test("equal shares never funds a project nobody supports", arguments: indices)
    func equalSharesNeedsSupport(index: Int) throws {
        let election = Self.elections[index]
        let approved = election.ballots.reduce(into: Set<String>()) { $0.formUnion($1.approvedProjectIDs) }
        let rules = [BudgetRule.mesCost, .mesApproval, .mesPoints, .mesCostAdd1, .mesCostAdd1EqualShares]
        for rule in rules where rule.isApplicable(to: election.voteType) {
            let outcome = try rule.outcome(for: election)
            #expect(Set(outcome.selectedProjectIDs).isSubset(of: approved), "\(rule.rawValue)")
        }
    }

    @Test("the generator is deterministic")
    func generatorIsDeterministic() {
        let parameters = SyntheticElection.Parameters(projects: 30, voters: 300, seed: 42)
        #expect(SyntheticElection.make(parameters) == SyntheticElection.make(parameters))
        #expect(SyntheticElection.make(parameters) != SyntheticElection.make(.init(projects: 30, voters: 300, seed: 43)))
    }
}
