/// Why each project of one election was or was not funded under one rule, computed from
/// exactly the input of a stored run and stored with it. Amounts are exact (`Rational`'s
/// text form: a decimal where one exists, else `numerator/denominator`) in currency units,
/// so a recount compares them exactly and the report rounds them only for reading.
public struct ResultExplanation: Codable, Sendable, Equatable {
    public var rule: String
    /// Equal shares: every voter's share of the budget, B ÷ n.
    public var shareBefore: String?
    /// Equal shares: the per-voter share the outcome was computed with after the
    /// completion step (the `add1` rules raise it); equal to `shareBefore` without one.
    public var shareAfter: String?
    /// One entry per project of the election, in tie-breaking order of their rule ids.
    public var projects: [ProjectExplanation]
    /// Equal shares beside greedy by votes on the same ballots; absent for other rules.
    public var comparison: RuleComparison?

    public init(
        rule: String, shareBefore: String? = nil, shareAfter: String? = nil, projects: [ProjectExplanation], comparison: RuleComparison? = nil
    ) {
        self.rule = rule
        self.shareBefore = shareBefore
        self.shareAfter = shareAfter
        self.projects = projects
        self.comparison = comparison
    }
}

/// Why one project was funded or not. Which fields are set depends on `reason`.
public struct ProjectExplanation: Codable, Sendable, Equatable {
    public enum Reason: String, Codable, Sendable, CaseIterable {
        /// Equal shares bought it in round `round`; each supporter paid up to `pricePerSupporter`.
        case equalSharesFunded = "equal_shares_funded"
        /// Free (cost 0) and supported: funded before the first round.
        case freeProject = "free_project"
        /// Funded by the greedy completion after equal shares (`mes_cost_add1_greedy`).
        case greedyCompletion = "greedy_completion"
        /// Even every supporter's whole share could not pay for it: it needed `neededSupporters`.
        case neededMoreSupporters = "needed_more_supporters"
        /// Its supporters had enough at first, but spent it on other projects (`spentOn`).
        case supportersMoneyRanOut = "supporters_money_ran_out"
        /// Greedy: funded in the order of the rule (`round` is its place in that order).
        case greedyFunded = "greedy_funded"
        /// Greedy: it did not fit the budget left when its turn came (`remainingBudget`).
        case didNotFit = "did_not_fit"
        /// Phragmén: funded in round `round` at load `load` per supporter.
        case phragmenFunded = "phragmen_funded"
        /// Phragmén: the rule stopped before it (the next project did not fit `remainingBudget`).
        case phragmenStopped = "phragmen_stopped"
        /// It costs more than the whole budget.
        case overBudget = "over_budget"
        /// Nobody chose it.
        case noSupporters = "no_supporters"
    }

    /// The id the rules see: the Pabulib id or the proposal's lower-case UUID.
    public var projectId: String
    /// The proposal's lower-case UUID where the election came from stored ballots (the
    /// store fills it in), so explanations join with every other export.
    public var proposalId: String?
    public var funded: Bool
    public var reason: Reason
    public var cost: String
    /// Voters who chose it.
    public var supporters: Int
    public var round: Int?
    /// Equal shares: what a supporter who was not capped paid (for cost utilities ρ·cost,
    /// the same for every such supporter).
    public var pricePerSupporter: String?
    /// Equal shares: supporters who paid everything they had left.
    public var supportersPayingAll: Int?
    /// Equal shares: pabutools' effective support in per cent (funded: at least 100).
    public var effectiveSupport: Int?
    /// Equal shares: ⌈cost ÷ share⌉, when fewer chose it.
    public var neededSupporters: Int?
    /// Equal shares: the money its supporters held when it was last considered (funded:
    /// at the start of its round) — pabutools' `supporters_budget`.
    public var supportersMoney: String?
    /// Equal shares: what its supporters had spent on other projects by then — pabutools'
    /// `budget_lost`, largest first.
    public var spentOn: [Spending]?
    /// Greedy and Phragmén: the budget left when it was considered.
    public var remainingBudget: String?
    /// Phragmén: the load of each supporter after it was funded.
    public var load: String?

    public init(projectId: String, funded: Bool, reason: Reason, cost: String, supporters: Int) {
        self.projectId = projectId
        self.funded = funded
        self.reason = reason
        self.cost = cost
        self.supporters = supporters
    }
}

/// Money supporters spent on another project.
public struct Spending: Codable, Sendable, Equatable {
    public var projectId: String
    public var amount: String

    public init(projectId: String, amount: String) {
        self.projectId = projectId
        self.amount = amount
    }
}

/// Equal shares and greedy by votes side by side on the same ballots, as the Wieliczka
/// report compared them.
public struct RuleComparison: Codable, Sendable, Equatable {
    public struct Side: Codable, Sendable, Equatable {
        public var rule: String
        public var selected: [String]
        public var totalCost: String
        /// Share (0…1, exact) of all voters with at least one funded project they chose.
        public var votersWithFundedChoice: String
        /// Funded projects a voter chose, on average over all voters (exact).
        public var averageFundedPerVoter: String
        /// Share of the area's budget spent (exact).
        public var budgetShare: String
    }

    public var voters: Int
    public var equalShares: Side
    public var greedy: Side
    /// Funded by equal shares only, and by greedy only.
    public var onlyEqualShares: [String]
    public var onlyGreedy: [String]
}
