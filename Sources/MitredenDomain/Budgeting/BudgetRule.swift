/// The result rules of SPEC §3. Raw values are the identifiers used by test data, the CLI
/// (`--rule`) and stored result runs.
public enum BudgetRule: String, Sendable, Hashable, CaseIterable, Codable {
    /// Fund projects by number of votes, skipping those that no longer fit (§3.2).
    case greedyVotes = "greedy_votes"
    /// Fund projects by votes per unit of cost, skipping those that no longer fit (§3.3).
    case greedyVotesPerCost = "greedy_votes_per_cost"
    /// Fund projects by total points, skipping those that no longer fit (§3.4).
    case greedyPoints = "greedy_points"
    /// Method of Equal Shares with cost utilities (§3.6).
    case mesCost = "mes_cost"
    /// Method of Equal Shares with approval utilities (§3.7).
    case mesApproval = "mes_approval"
    /// Method of Equal Shares with point utilities (§3.8).
    case mesPoints = "mes_points"
    /// `mes_cost` with the per-voter budget raised by 1 until the outcome is exhaustive (§3.9).
    case mesCostAdd1 = "mes_cost_add1"
    /// `mes_cost_add1` completed by `greedy_votes` (§3.10).
    case mesCostAdd1Greedy = "mes_cost_add1_greedy"
    /// Add1 as the equalshares.net tool computes it: raise while feasible (§3.11).
    case mesCostAdd1EqualShares = "mes_cost_add1_equalshares"
    /// Sequential Phragmén on the approval projection (§3.12).
    case seqPhragmen = "seq_phragmen"

    /// Whether the rule can be computed for ballots of `voteType`. The points rules need
    /// cumulative or scoring ballots; every other rule uses the approval projection.
    public func isApplicable(to voteType: BudgetVoteType) -> Bool {
        switch self {
        case .greedyPoints, .mesPoints: voteType.carriesPoints
        default: true
        }
    }

    /// The rules that apply to `voteType`, in declaration order.
    public static func applicable(to voteType: BudgetVoteType) -> [BudgetRule] {
        allCases.filter { $0.isApplicable(to: voteType) }
    }

    /// Computes this rule's outcome with exact arithmetic and the tie-breaking of SPEC §2.3.
    ///
    /// - Throws: `BudgetRuleError.notApplicable` when the rule needs point ballots and the
    ///   election has none.
    public func outcome(for election: BudgetElection) throws(BudgetRuleError) -> BudgetOutcome {
        try BudgetRule.outcomes([self], for: election)[0]
    }

    /// Computes several rules on one election, sharing the preparation (ballot grouping,
    /// exact scaling) and the `mes_cost_add1` run that `mes_cost_add1_greedy` builds on.
    ///
    /// - Returns: One outcome per rule, in the order given.
    /// - Throws: `BudgetRuleError.notApplicable` if any rule does not apply.
    public static func outcomes(
        _ rules: [BudgetRule],
        for election: BudgetElection
    ) throws(BudgetRuleError) -> [BudgetOutcome] {
        if let rule = rules.first(where: { !$0.isApplicable(to: election.voteType) }) {
            throw .notApplicable(rule, election.voteType)
        }
        let context = BudgetRuleContext(election)
        var outcomes: [BudgetOutcome] = []
        for rule in rules {
            let selected = try context.selection(for: rule)
            outcomes.append(context.outcome(rule, selected: selected))
        }
        return outcomes
    }
}
