import Foundation

/// One proposal chosen on a budget ballot; `points` only on cumulative ballots.
public struct BallotChoice: Sendable, Hashable, Codable {
    public var proposalID: Proposal.ID
    public var points: Int?

    public init(proposalID: Proposal.ID, points: Int? = nil) {
        self.proposalID = proposalID
        self.points = points
    }
}

/// A rule a ballot breaks. `rule` is a stable slug clients can switch on; `field` names the
/// part of the request at fault (`choices`, `choices[2].points`, …).
public struct BallotViolation: Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var rule: String
    public var message: String

    public init(field: String, rule: String, message: String) {
        self.field = field
        self.rule = rule
        self.message = message
    }

    public var description: String { "\(field): \(rule): \(message)" }
}

/// Checks a budget ballot against the campaign's ballot rules (DESIGN §3, issue 6) and
/// reports every rule it breaks at once, so a participant fixes the ballot in one go.
public enum BallotValidator {
    /// - Parameters:
    ///   - eligible: cost in cents of each proposal that may be chosen (published proposals
    ///     of the campaign and area).
    ///   - budgetCents: the area's budget.
    /// - Returns: every violation, in the order of the checks; empty when the ballot is valid.
    public static func violations(
        of choices: [BallotChoice], rules: BallotRules, eligible: [Proposal.ID: Int64], budgetCents: Int64
    ) -> [BallotViolation] {
        var found: [BallotViolation] = []
        func add(_ field: String, _ rule: String, _ message: String) {
            found.append(BallotViolation(field: field, rule: rule, message: message))
        }
        if choices.count > InputCeilings.maximumChoices {
            // Checked first and alone: a list this long is not a ballot anyone filled in.
            add("choices", "too-many-choices", "a ballot lists at most \(InputCeilings.maximumChoices) choices")
            return found
        }
        var seen = Set<Proposal.ID>()
        for (index, choice) in choices.enumerated() {
            if !seen.insert(choice.proposalID).inserted {
                add("choices[\(index)].proposalId", "duplicate-choice", "the proposal is chosen more than once")
            }
            if eligible[choice.proposalID] == nil {
                add("choices[\(index)].proposalId", "not-on-ballot", "not a published proposal of this campaign and area")
            }
            switch (rules.method, choice.points) {
            case (.cumulative, nil):
                add("choices[\(index)].points", "points-missing", "a cumulative ballot gives each choice its points")
            case (.cumulative, let points?):
                if points < 1 { add("choices[\(index)].points", "points-not-positive", "must be at least 1") }
                if points > InputCeilings.maximumPoints {
                    add("choices[\(index)].points", "over-points", "at most \(rules.points ?? InputCeilings.maximumPoints) points in all")
                }
                if let cap = rules.maxPointsPerProposal, points > cap {
                    add("choices[\(index)].points", "over-proposal-cap", "at most \(cap) points per proposal")
                }
            case (_, .some):
                add("choices[\(index)].points", "points-not-allowed", "only cumulative ballots carry points")
            case (_, nil): break
            }
        }
        let distinct = Set(choices.map(\.proposalID))
        switch rules.method {
        case .approval:
            let low = rules.minChoices ?? 1
            if distinct.count < low { add("choices", "too-few-choices", "choose at least \(low) proposals") }
            if let high = rules.maxChoices, distinct.count > high {
                add("choices", "too-many-choices", "choose at most \(high) proposals")
            }
        case .knapsack:
            if distinct.isEmpty { add("choices", "too-few-choices", "choose at least 1 proposal") }
            // Stored costs are at most InputCeilings.maximumCents each, and the choices are
            // bounded, but the sum saturates anyway: a saturated total is over any budget.
            let total = distinct.reduce(Int64(0)) { sum, id in
                let (next, overflow) = sum.addingReportingOverflow(max(eligible[id] ?? 0, 0))
                return overflow ? .max : next
            }
            if total > budgetCents {
                add("choices", "over-budget", "the chosen proposals cost \(total) cents, more than the area's budget of \(budgetCents)")
            }
            if let share = rules.minSpendPercent, Self.isBelow(total, percent: share, of: budgetCents) {
                add("choices", "under-minimum-spend", "spend at least \(share) % of the area's budget (\(total) of \(budgetCents) cents chosen)")
            }
        case .cumulative:
            if distinct.isEmpty { add("choices", "too-few-choices", "give points to at least 1 proposal") }
            // Each choice counts at most the ceiling (larger ones are refused above), so the
            // sum of at most `maximumChoices` of them cannot overflow.
            let total = choices.reduce(0) { $0 + min(max($1.points ?? 0, 0), InputCeilings.maximumPoints) }
            if let points = rules.points, total > points {
                add("choices", "over-points", "\(total) points given, at most \(points) per voter")
            }
        }
        return found
    }

    /// Whether `total` is below `percent` % of `budget`, compared without overflow.
    static func isBelow(_ total: Int64, percent: Int, of budget: Int64) -> Bool {
        let (spent, spentOverflow) = total.multipliedReportingOverflow(by: 100)
        let (required, requiredOverflow) = budget.multipliedReportingOverflow(by: Int64(max(0, min(percent, 100))))
        if spentOverflow { return false }
        if requiredOverflow { return true }
        return spent < required
    }
}
