extension BudgetRuleContext {
    /// What the greedy scan sorts projects by (SPEC §3.2–3.4).
    enum GreedyDensity {
        case votes
        case votesPerCost
        case points
    }

    /// A density value; votes per cost of a free project with votes is infinite.
    private enum Density: Comparable {
        case finite(Rational)
        case infinite
    }

    /// The generic greedy of SPEC §3.1: scan all projects not yet in `initial` by density
    /// (descending, ties by id) and take every one that still fits. Zero-support projects
    /// are scanned last and still taken if they fit.
    func greedy(by kind: GreedyDensity, startingWith initial: [Int] = []) -> [Int] {
        let order = greedyOrder(by: kind, excluding: Set(initial))
        var selected = initial
        var remaining = budget - totalCost(of: initial)
        for project in order where costs[project] <= remaining {
            selected.append(project)
            remaining -= costs[project]
        }
        return selected
    }

    /// The order the greedy scan considers the projects not in `taken`.
    func greedyOrder(by kind: GreedyDensity, excluding taken: Set<Int> = []) -> [Int] {
        let points = kind == .points ? totalPoints() : []
        let densities = (0..<projectCount).map { density(of: $0, kind, totalPoints: points) }
        return (0..<projectCount).filter { !taken.contains($0) }.sorted { lhs, rhs in
            densities[lhs] != densities[rhs]
                ? densities[lhs] > densities[rhs]
                : tieRank[lhs] < tieRank[rhs]
        }
    }

    /// `mes_cost_add1_greedy` (SPEC §3.10): keep an exhaustive outcome, otherwise complete it
    /// with the vote-count greedy.
    func completedByGreedy(_ selected: [Int]) -> [Int] {
        if isExhaustive(selected, pool: 0..<projectCount) { return selected }
        return greedy(by: .votes, startingWith: selected)
    }

    private func density(of project: Int, _ kind: GreedyDensity, totalPoints: [Rational]) -> Density {
        let cost = costs[project]
        switch kind {
        case .votes:
            let votes = approvalVotes[project]
            return votes > 0 && cost > .zero ? .finite(Rational(votes)) : .finite(.zero)
        case .votesPerCost:
            let votes = approvalVotes[project]
            if votes == 0 { return .finite(.zero) }
            return cost > .zero ? .finite(Rational(votes) / cost) : .infinite
        case .points:
            let points = totalPoints[project]
            return points > .zero && cost > .zero ? .finite(points) : .finite(.zero)
        }
    }

    /// points(p) of SPEC §2.2, summed over all point ballots.
    private func totalPoints() -> [Rational] {
        var totals = [Rational](repeating: .zero, count: projectCount)
        for ballot in pointBallots {
            for (project, points) in ballot { totals[Int(project)] += points }
        }
        return totals
    }
}
