/// The Method of Equal Shares rules of SPEC §3.6–3.11 on top of `EqualSharesEngine`.
extension BudgetRuleContext {
    /// B/n, the per-voter budget equal shares starts from. With no voters nobody holds money.
    package var equalShare: Rational {
        voterCount == 0 ? .zero : budget / Rational(voterCount)
    }

    /// `mes_cost` (§3.6) or `mes_approval` (§3.7).
    func equalShares(utility: EqualSharesProfile.UnitUtility) -> [Int] {
        runEqualShares(utility, perVoterBudget: equalShare)
    }

    /// `mes_points` (§3.8).
    func equalSharesWithPoints() throws(BudgetRuleError) -> [Int] {
        var engine = EqualSharesEngine(profile: try EqualSharesProfile(pointsOf: self))
        return engine.run(perVoterBudget: equalShare)
    }

    /// `mes_cost_add1` (§3.9): raise the per-voter budget by one currency unit until the
    /// outcome is exhaustive over the supported projects with a cost, or return the last
    /// feasible outcome once it overspends.
    func equalSharesAdd1() -> [Int] {
        let pool = (0..<projectCount).filter { costs[$0] > .zero && approvalVotes[$0] > 0 }
        var perVoter = equalShare
        var previous: [Int] = []
        while true {
            let selected = runEqualShares(.cost, perVoterBudget: perVoter)
            if totalCost(of: selected) > budget {
                completedShares[.mesCostAdd1] = max(equalShare, perVoter - .one)
                return previous
            }
            if isExhaustive(selected, pool: pool) {
                completedShares[.mesCostAdd1] = perVoter
                return selected
            }
            previous = selected
            perVoter += .one
        }
    }

    /// `mes_cost_add1_equalshares` (§3.11): from the whole-number share ⌊B/n⌋, raise the
    /// per-voter budget by one while the outcome stays within the budget.
    func equalSharesAdd1AsEqualSharesNet() -> [Int] {
        if totalCost(of: 0..<projectCount) <= budget {
            completedShares[.mesCostAdd1EqualShares] = equalShare
            return runEqualShares(.cost, perVoterBudget: equalShare)
        }
        // Once every supported project with a cost is selected, more money changes nothing;
        // without this stop an election whose unsupported projects alone exceed the budget
        // would raise the budget forever.
        let everything = (0..<projectCount).filter { costs[$0] > .zero && approvalVotes[$0] > 0 }.count
        var perVoter = Rational(equalShare.floor)
        var selected = runEqualShares(.cost, perVoterBudget: perVoter)
        while true {
            perVoter += .one
            let next = runEqualShares(.cost, perVoterBudget: perVoter)
            if totalCost(of: next) > budget {
                completedShares[.mesCostAdd1EqualShares] = perVoter - .one
                return selected
            }
            selected = next
            // Cost utilities select no free projects, so the count compares like with like.
            if next.count == everything {
                completedShares[.mesCostAdd1EqualShares] = perVoter
                return selected
            }
        }
    }
}
