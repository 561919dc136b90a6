/// The result of one rule on one election: which projects are funded and what they cost.
public struct BudgetOutcome: Sendable, Hashable {
    /// The rule that produced the outcome.
    public let rule: BudgetRule
    /// The funded projects, sorted in tie-breaking order (`BudgetOutcome.precedes`).
    public let selectedProjectIDs: [String]
    /// The exact sum of the funded projects' costs.
    public let totalCost: Rational

    /// Creates an outcome; the ids are sorted into tie-breaking order.
    public init(rule: BudgetRule, selectedProjectIDs: [String], totalCost: Rational) {
        self.rule = rule
        self.selectedProjectIDs = selectedProjectIDs.sorted(by: Self.precedes)
        self.totalCost = totalCost
    }

    /// The tie-breaking order of SPEC §2.3: plain lexicographic order by Unicode scalar value,
    /// so `"10" < "9"` and `"B.2" < "e5"`.
    ///
    /// Swift's `String <` compares canonically equivalent forms, which is not the same thing,
    /// so the comparison goes through `unicodeScalars` explicitly.
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.unicodeScalars.lexicographicallyPrecedes(rhs.unicodeScalars)
    }
}

/// Why a rule could not be computed.
public enum BudgetRuleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rule needs point ballots (`greedy_points`, `mes_points`) and the election has none.
    case notApplicable(BudgetRule, BudgetVoteType)
    /// Point values need more precision than exact machine-word arithmetic on their common
    /// denominator allows; no real election comes near this.
    case pointsTooPrecise

    public var description: String {
        switch self {
        case .notApplicable(let rule, let voteType):
            "rule \(rule.rawValue) does not apply to \(voteType.rawValue) votes"
        case .pointsTooPrecise:
            "point values are too precise to be compared exactly"
        }
    }
}
