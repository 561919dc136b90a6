import MitredenBenchmarkSupport
import MitredenDomain
import Testing

/// Small random elections built so that exact ties are common: few distinct costs, few
/// voters, ids whose string order differs from their numeric order.
enum RuleTestElections {
    static let ids = ["1", "2", "3", "9", "10", "11", "a", "B", "c2", "c10"]
    static let costs: [Rational] = [0, 50, 100, 100, 200, 200, 250, 300, 400, .decimal("250.5"), 1200]

    static func tieHeavy(seed: UInt64, voteType: BudgetVoteType = .approval) -> BudgetElection {
        var random = SplitMix64(seed: seed)
        let projectCount = 4 + random.next(below: ids.count - 3)
        let projects = ids.prefix(projectCount).map { id in
            BudgetProject(id: id, cost: costs[random.next(below: costs.count)])
        }
        let voterCount = random.next(below: 8) == 0 ? random.next(below: 3) : 5 + random.next(below: 30)
        let ballots = (0..<voterCount).map { _ -> BudgetBallot in
            var chosen: [String] = []
            for _ in 0..<random.next(below: 5) {
                // Squaring the draw makes the first projects the popular ones.
                let unit = random.nextUnit()
                let id = projects[Int(unit * unit * Double(projects.count))].id
                if !chosen.contains(id) { chosen.append(id) }
            }
            switch voteType {
            case .approval, .chooseOne: return .approval(Set(chosen))
            case .ordinal: return .ranking(chosen)
            case .cumulative, .scoring:
                return .points(Dictionary(uniqueKeysWithValues: chosen.map { ($0, Rational(random.next(below: 4))) }))
            }
        }
        let budget: Rational = random.next(below: 3) == 0 ? .decimal("1000.5") : 1000
        return try! BudgetElection(voteType: voteType, budget: budget, projects: projects, ballots: ballots)
    }
}

/// The fast engines against the voter-by-voter transcription of the spec.
@Suite("Rules agree with the reference transcription")
struct RuleReferenceTests {
    /// The add1 family runs MES many times, which the reference does slowly; it gets its own,
    /// smaller set of elections.
    static let iterated: Set<BudgetRule> = [.mesCostAdd1, .mesCostAdd1Greedy, .mesCostAdd1EqualShares]

    @Test("approval elections with many ties", arguments: 0..<100)
    func approvalElections(seed: Int) throws {
        let election = RuleTestElections.tieHeavy(seed: UInt64(seed))
        try compare(election, rules: BudgetRule.allCases.filter { !Self.iterated.contains($0) && $0.isApplicable(to: .approval) })
    }

    @Test("point elections with many ties", arguments: 0..<40)
    func pointElections(seed: Int) throws {
        let election = RuleTestElections.tieHeavy(seed: UInt64(1_000 + seed), voteType: .cumulative)
        try compare(election, rules: BudgetRule.allCases.filter { !Self.iterated.contains($0) })
    }

    @Test("iterated equal shares with many ties", arguments: 0..<40)
    func iteratedEqualShares(seed: Int) throws {
        try compare(RuleTestElections.tieHeavy(seed: UInt64(seed)), rules: Array(Self.iterated))
    }

    @Test("synthetic elections of realistic shape", arguments: 0..<6)
    func syntheticElections(seed: Int) throws {
        let approval = SyntheticElection.make(.init(projects: 12, voters: 40, seed: UInt64(seed), budgetShare: 0.4))
        try compare(approval, rules: [.greedyVotes, .greedyVotesPerCost, .mesCost, .mesApproval, .seqPhragmen])
        let points = SyntheticElection.make(.init(projects: 10, voters: 30, seed: UInt64(seed), voteType: .scoring))
        try compare(points, rules: [.greedyPoints, .mesPoints])
    }

    @Test func workedExampleOfTheSpec() throws {
        let election = try BudgetExamples.election("syn1_groups_and_lexicographic_ties.pb").budgetElection()
        try compare(election)
    }

    private func compare(_ election: BudgetElection, rules: [BudgetRule]? = nil) throws {
        let reference = RuleReference(election)
        let rules = rules ?? BudgetRule.applicable(to: election.voteType)
        let outcomes = try BudgetRule.outcomes(rules, for: election)
        for (rule, outcome) in zip(rules, outcomes) {
            let expected = reference.outcome(rule)
            #expect(Set(outcome.selectedProjectIDs) == expected, "\(rule.rawValue)")
            #expect(outcome.totalCost == election.cost(of: expected), "\(rule.rawValue)")
        }
    }
}
