/// The Method of Equal Shares replayed step by step on exact rationals, recording what an
/// explanation needs: each round's price, what every supporter paid, the money a project's
/// supporters held when it was last considered and where the rest had gone, and the
/// effective support of a project (MES re-run without it).
///
/// `EqualSharesEngine` computes outcomes fast; this follows SPEC §3.5 plainly, with the
/// candidate examination order of pabutools (by the previous round's ρ, stopping at the
/// first whose previous ρ exceeds the best found) so that "when it was last considered"
/// means what `pabutools.analysis.calculate_project_loss` means. It works per group of
/// identical ballots, so its cost grows with distinct ballots, not voters.
struct EqualSharesTrace {
    struct Supporter {
        var group: Int
        var utility: Rational
    }

    /// A moment a project was considered for the last time (selected or dropped).
    struct Consideration {
        var supportersMoney: Rational
        /// Per project index: what the supporters had spent on it by then.
        var spentOn: [Int: Rational]
    }

    struct Round {
        var project: Int
        var rho: Rational
        var largestPayment: Rational
        var supportersPayingAll: Int
    }

    struct Run {
        var free: [Int] = []
        var rounds: [Round] = []
        var considered: [Int: Consideration] = [:]
        var effectiveSupport: Int?
        var selected: [Int] { free + rounds.map(\.project) }
    }

    let costs: [Rational]
    let tieRank: [Int]
    let weights: [Int]
    let supporters: [[Supporter]]
    let totalUtility: [Rational]

    /// `utility(ballot, project)` gives u_i(p) of one ballot (0: not a supporter).
    init(_ context: BudgetRuleContext, utility: (BudgetBallot, Int) -> Rational) {
        costs = context.costs
        tieRank = context.tieRank
        var groupOf: [BudgetBallot: Int] = [:]
        var weights: [Int] = []
        var supporters = [[Supporter]](repeating: [], count: context.projectCount)
        for ballot in context.election.ballots {
            if let group = groupOf[ballot] {
                weights[group] += 1
                continue
            }
            let group = weights.count
            groupOf[ballot] = group
            weights.append(1)
            for project in 0..<context.projectCount {
                let value = utility(ballot, project)
                if value > .zero { supporters[project].append(Supporter(group: group, utility: value)) }
            }
        }
        self.weights = weights
        self.supporters = supporters
        totalUtility = supporters.map { $0.reduce(Rational.zero) { $0 + $1.utility * Rational(weights[$1.group]) } }
    }

    var projectCount: Int { costs.count }

    /// Voters who chose `project`.
    func supporterCount(_ project: Int) -> Int {
        supporters[project].reduce(0) { $0 + weights[$1.group] }
    }

    /// MES from `share` per voter; without `skipping` when given, whose effective support
    /// the run then measures as pabutools does.
    func run(share: Rational, skipping: Int? = nil) -> Run {
        var budgets = [Rational](repeating: share, count: weights.count)
        var spent = [[Int: Rational]](repeating: [:], count: weights.count)
        var result = Run()
        var candidates: [Int] = []
        var affordability: [Rational] = costs
        for project in 0..<projectCount where totalUtility[project] > .zero && project != skipping {
            if costs[project] == .zero {
                result.free.append(project)
            } else {
                candidates.append(project)
                affordability[project] = costs[project] / totalUtility[project]
            }
        }
        var effective = Rational.zero
        func measure(_ cover: Rational) {
            effective = max(effective, cover)
        }
        while true {
            candidates.sort { affordability[$0] != affordability[$1] ? affordability[$0] < affordability[$1] : tieRank[$0] < tieRank[$1] }
            var best: (project: Int, rho: Rational)?
            var dropped: [Int] = []
            for project in candidates {
                // As pabutools: a project is dropped once it is met unaffordable, even the one
                // at which the scan then stops.
                let money = supporters[project].reduce(Rational.zero) { $0 + budgets[$1.group] * Rational(weights[$1.group]) }
                if money < costs[project] {
                    dropped.append(project)
                    continue
                }
                if let best, affordability[project] > best.rho { break }
                let rho = price(of: project, budgets: budgets)
                affordability[project] = rho
                if best == nil || rho < best!.rho || (rho == best!.rho && tieRank[project] < tieRank[best!.project]) {
                    best = (project, rho)
                }
            }
            candidates.removeAll { dropped.contains($0) }
            guard let picked = best else {
                for project in dropped { result.considered[project] = consideration(project, budgets, spent) }
                if let skipping {
                    measure(supporters[skipping].reduce(Rational.zero) { $0 + budgets[$1.group] * Rational(weights[$1.group]) })
                }
                break
            }
            let (chosen, rho) = (picked.project, picked.rho)
            result.considered[chosen] = consideration(chosen, budgets, spent)
            candidates.removeAll { $0 == chosen }
            var largest = Rational.zero
            var payingAll = 0
            for supporter in supporters[chosen] {
                let due = rho * supporter.utility
                let paid = min(budgets[supporter.group], due)
                if paid < due || paid == budgets[supporter.group] { payingAll += weights[supporter.group] }
                largest = max(largest, paid)
                budgets[supporter.group] -= paid
                spent[supporter.group][chosen, default: .zero] += paid
            }
            result.rounds.append(Round(project: chosen, rho: rho, largestPayment: largest, supportersPayingAll: payingAll))
            // pabutools records projects dropped in a round with the money left after its purchase.
            for project in dropped { result.considered[project] = consideration(project, budgets, spent) }
            if let skipping {
                measure(
                    supporters[skipping].reduce(Rational.zero) {
                        $0 + min(budgets[$1.group], rho * $1.utility) * Rational(weights[$1.group])
                    })
            }
        }
        if let skipping, costs[skipping] > .zero {
            result.effectiveSupport = Int((effective * Rational(100) / costs[skipping]).floor.description)
        }
        // Candidates never dropped nor bought were last considered in the last round.
        for project in candidates where result.considered[project] == nil {
            result.considered[project] = consideration(project, budgets, spent)
        }
        return result
    }

    private func consideration(_ project: Int, _ budgets: [Rational], _ spent: [[Int: Rational]]) -> Consideration {
        var money = Rational.zero
        var lost: [Int: Rational] = [:]
        for supporter in supporters[project] {
            let weight = Rational(weights[supporter.group])
            money += budgets[supporter.group] * weight
            for (other, amount) in spent[supporter.group] { lost[other, default: .zero] += amount * weight }
        }
        return Consideration(supportersMoney: money, spentOn: lost)
    }

    /// RHO of SPEC §3.5: the smallest ρ with Σ min(b_i, ρ·u_i) = cost over the supporters.
    private func price(of project: Int, budgets: [Rational]) -> Rational {
        let sorted = supporters[project].sorted { budgets[$0.group] / $0.utility < budgets[$1.group] / $1.utility }
        var paid = Rational.zero
        var denominator = totalUtility[project]
        for supporter in sorted {
            let rho = (costs[project] - paid) / denominator
            if rho * supporter.utility <= budgets[supporter.group] { return rho }
            let weight = Rational(weights[supporter.group])
            paid += budgets[supporter.group] * weight
            denominator -= supporter.utility * weight
        }
        // Unreachable for an affordable project (SPEC §3.5).
        return costs[project] / totalUtility[project]
    }
}
