import BigInt

/// An election in index form, prepared once and shared by every rule computed on it.
///
/// Projects are referred to by their position in `election.projects`. Nothing here is
/// mutable from outside; the lazily built parts only exist because not every rule needs them.
package final class BudgetRuleContext {
    let election: BudgetElection
    let costs: [Rational]
    /// n of SPEC §2.2: every ballot, empty ones included.
    let voterCount: Int
    /// Each project's position in tie-breaking order; the smaller rank wins a tie.
    let tieRank: [Int]
    /// The approval projection of every ballot as sorted project indices.
    let approvalBallots: [[Int32]]
    /// votes(p) of SPEC §2.2.
    let approvalVotes: [Int]
    let indexByID: [String: Int32]

    package init(_ election: BudgetElection) {
        self.election = election
        costs = election.projects.map(\.cost)
        voterCount = election.ballots.count

        var indexByID: [String: Int32] = [:]
        indexByID.reserveCapacity(election.projects.count)
        for (index, project) in election.projects.enumerated() {
            indexByID[project.id] = Int32(index)
        }
        self.indexByID = indexByID
        let tieOrder = election.projects.indices.sorted {
            BudgetOutcome.precedes(election.projects[$0].id, election.projects[$1].id)
        }
        var rank = [Int](repeating: 0, count: election.projects.count)
        for (position, project) in tieOrder.enumerated() { rank[project] = position }
        tieRank = rank

        var votes = [Int](repeating: 0, count: election.projects.count)
        approvalBallots = election.ballots.map { ballot in
            // Validated on construction of the election, so every id is known.
            let indices = ballot.approvedProjectIDs.map { indexByID[$0]! }.sorted()
            for index in indices { votes[Int(index)] += 1 }
            return indices
        }
        approvalVotes = votes
    }

    var projectCount: Int { costs.count }
    var budget: Rational { election.budget }

    /// The smallest positive integer that makes the budget and every cost whole, so the
    /// equal-shares and Phragmén engines can count money in integers.
    private(set) lazy var moneyScale: BigInt = {
        var scale = election.budget.denominator
        for cost in costs where cost.denominator != 1 {
            let divisor = BigInt(Rational.greatestCommonDivisor(scale.magnitude, cost.denominator.magnitude))
            scale = scale / divisor * cost.denominator
        }
        return scale
    }()

    /// Distinct non-empty approval ballots with how many voters cast each.
    package private(set) lazy var approvalGroups = BallotGroups(ballots: approvalBallots)

    /// Points per ballot for the points rules: project index and positive points.
    private(set) lazy var pointBallots: [[(project: Int32, points: Rational)]] = {
        election.ballots.map { ballot in
            guard case .points(let points) = ballot else { return [] }
            return points.compactMap { id, value in
                value > .zero ? (indexByID[id]!, value) : nil
            }
        }
    }()

    /// Engines are kept because the add1 variants run them hundreds of times. They are
    /// optionals rather than `lazy` so that running one mutates it in place; a lazy property
    /// would hand out a copy and make every run copy its tables.
    private var costEngine: EqualSharesEngine?
    private var approvalEngine: EqualSharesEngine?

    /// MES with cost (`.cost`) or approval utilities from `perVoterBudget`: selected project
    /// indices in the order of selection.
    package func runEqualShares(_ utility: EqualSharesProfile.UnitUtility, perVoterBudget: Rational) -> [Int] {
        switch utility {
        case .cost:
            if costEngine == nil { costEngine = EqualSharesEngine(profile: EqualSharesProfile(self, utility: .cost)) }
            return costEngine!.run(perVoterBudget: perVoterBudget)
        case .approval:
            if approvalEngine == nil { approvalEngine = EqualSharesEngine(profile: EqualSharesProfile(self, utility: .approval)) }
            return approvalEngine!.run(perVoterBudget: perVoterBudget)
        }
    }

    private var selections: [BudgetRule: [Int]] = [:]
    /// The per-voter share the `add1` rules ended with (set when they are computed).
    var completedShares: [BudgetRule: Rational] = [:]

    /// The selected project indices of `rule`, computed once per context.
    package func selection(for rule: BudgetRule) throws(BudgetRuleError) -> [Int] {
        if let cached = selections[rule] { return cached }
        let selected: [Int]
        switch rule {
        case .greedyVotes: selected = greedy(by: .votes)
        case .greedyVotesPerCost: selected = greedy(by: .votesPerCost)
        case .greedyPoints: selected = greedy(by: .points)
        case .mesCost: selected = equalShares(utility: .cost)
        case .mesApproval: selected = equalShares(utility: .approval)
        case .mesPoints: selected = try equalSharesWithPoints()
        case .mesCostAdd1: selected = equalSharesAdd1()
        case .mesCostAdd1Greedy: selected = completedByGreedy(try selection(for: .mesCostAdd1))
        case .mesCostAdd1EqualShares: selected = equalSharesAdd1AsEqualSharesNet()
        case .seqPhragmen: selected = sequentialPhragmen()
        }
        selections[rule] = selected
        return selected
    }

    func outcome(_ rule: BudgetRule, selected: [Int]) -> BudgetOutcome {
        BudgetOutcome(
            rule: rule,
            selectedProjectIDs: selected.map { election.projects[$0].id },
            totalCost: totalCost(of: selected)
        )
    }

    func totalCost(of projects: some Sequence<Int>) -> Rational {
        projects.reduce(Rational.zero) { $0 + costs[$1] }
    }

    /// Whether no project of `pool` outside `selected` still fits in the budget
    /// ("S is exhaustive w.r.t. Q" in SPEC §3).
    func isExhaustive(_ selected: [Int], pool: some Sequence<Int>) -> Bool {
        let chosen = Set(selected)
        let left = budget - totalCost(of: selected)
        return pool.allSatisfy { chosen.contains($0) || costs[$0] > left }
    }
}
