/// Explains an outcome project by project (`ResultExplanation`) from exactly the election it
/// was computed on. Pure and deterministic: a recount of a stored run gives equal bytes.
public enum ResultExplainer {
    /// Effective support re-runs equal shares once per project; above this many
    /// (distinct ballots × projects²) it is left out rather than holding up the result: on 5,000
    /// distinct ballots and 50 projects one plain MES run takes seconds, fifty of them minutes.
    public static let effectiveSupportWorkLimit = 2_000_000

    public static func explain(_ rule: BudgetRule, election: BudgetElection) throws(BudgetRuleError) -> ResultExplanation {
        let context = BudgetRuleContext(election)
        let selected = try context.selection(for: rule)
        var explanation: ResultExplanation
        switch rule {
        case .greedyVotes: explanation = greedy(context, rule: rule, kind: .votes, selected: selected)
        case .greedyVotesPerCost: explanation = greedy(context, rule: rule, kind: .votesPerCost, selected: selected)
        case .greedyPoints: explanation = greedy(context, rule: rule, kind: .points, selected: selected)
        case .seqPhragmen: explanation = phragmen(context, selected: selected)
        case .mesCost, .mesApproval, .mesPoints, .mesCostAdd1, .mesCostAdd1Greedy, .mesCostAdd1EqualShares:
            explanation = equalShares(context, rule: rule, selected: selected)
            explanation.comparison = try comparison(context, rule: rule, selected: selected)
        }
        return explanation
    }

    // MARK: Equal shares

    private static func equalShares(_ context: BudgetRuleContext, rule: BudgetRule, selected: [Int]) -> ResultExplanation {
        let before = context.equalShare
        let after: Rational
        switch rule {
        case .mesCostAdd1, .mesCostAdd1Greedy: after = context.completedShares[.mesCostAdd1] ?? before
        case .mesCostAdd1EqualShares: after = context.completedShares[.mesCostAdd1EqualShares] ?? before
        default: after = before
        }
        let ids = context.election.projects.map(\.id)
        let trace = EqualSharesTrace(context) { ballot, project in
            utility(of: rule, ballot: ballot, project: ids[project], cost: context.costs[project])
        }
        let run = trace.run(share: after)
        let funded = Set(selected)
        let bought = Set(run.selected)
        let work = trace.weights.count * context.projectCount * context.projectCount
        let measureSupport = work <= effectiveSupportWorkLimit
        var projects: [ProjectExplanation] = []
        for project in byTieOrder(context) {
            var entry = ProjectExplanation(
                projectId: ids[project], funded: funded.contains(project), reason: .noSupporters,
                cost: context.costs[project].description, supporters: trace.supporterCount(project))
            if let considered = run.considered[project] {
                entry.supportersMoney = considered.supportersMoney.description
                entry.spentOn = considered.spentOn.filter { $0.value > .zero }
                    .sorted { $0.value != $1.value ? $0.value > $1.value : context.tieRank[$0.key] < context.tieRank[$1.key] }
                    .map { Spending(projectId: ids[$0.key], amount: $0.value.description) }
            }
            if measureSupport, context.costs[project] > .zero, trace.totalUtility[project] > .zero {
                let support = trace.run(share: after, skipping: project).effectiveSupport ?? 0
                entry.effectiveSupport = bought.contains(project) ? max(support, 100) : support
            }
            if let index = run.rounds.firstIndex(where: { $0.project == project }) {
                let round = run.rounds[index]
                entry.reason = .equalSharesFunded
                entry.round = index + 1
                entry.pricePerSupporter = round.largestPayment.description
                entry.supportersPayingAll = round.supportersPayingAll
            } else if run.free.contains(project) {
                entry.reason = .freeProject
            } else if funded.contains(project) {
                entry.reason = .greedyCompletion
            } else if entry.supporters == 0 {
                entry.reason = .noSupporters
            } else if after > .zero, Rational(entry.supporters) * after < context.costs[project] {
                entry.reason = .neededMoreSupporters
                let needed = context.costs[project] / after
                entry.neededSupporters = Int((needed.isInteger ? needed.floor : needed.floor + 1).description)
            } else {
                entry.reason = .supportersMoneyRanOut
            }
            projects.append(entry)
        }
        return ResultExplanation(rule: rule.rawValue, shareBefore: before.description, shareAfter: after.description, projects: projects)
    }

    private static func utility(of rule: BudgetRule, ballot: BudgetBallot, project id: String, cost: Rational) -> Rational {
        switch rule {
        case .mesPoints:
            guard case .points(let points) = ballot else { return .zero }
            return max(points[id] ?? .zero, .zero)
        case .mesApproval:
            return ballot.approvedProjectIDs.contains(id) ? .one : .zero
        default:
            return ballot.approvedProjectIDs.contains(id) ? cost : .zero
        }
    }

    // MARK: Greedy

    private static func greedy(
        _ context: BudgetRuleContext, rule: BudgetRule, kind: BudgetRuleContext.GreedyDensity, selected: [Int]
    ) -> ResultExplanation {
        var entries: [Int: ProjectExplanation] = [:]
        var remaining = context.budget
        for (position, project) in context.greedyOrder(by: kind).enumerated() {
            var entry = ProjectExplanation(
                projectId: context.election.projects[project].id, funded: false, reason: .didNotFit,
                cost: context.costs[project].description, supporters: context.approvalVotes[project])
            entry.round = position + 1
            entry.remainingBudget = remaining.description
            if context.costs[project] <= remaining {
                entry.funded = true
                entry.reason = .greedyFunded
                remaining -= context.costs[project]
            } else if context.costs[project] > context.budget {
                entry.reason = .overBudget
            }
            entries[project] = entry
        }
        return ResultExplanation(rule: rule.rawValue, projects: byTieOrder(context).compactMap { entries[$0] })
    }

    // MARK: Phragmén

    private static func phragmen(_ context: BudgetRuleContext, selected: [Int]) -> ResultExplanation {
        // Loads per voter, replayed in the engine's order of selection.
        var loads = [Rational](repeating: .zero, count: context.voterCount)
        var supportersOf = [[Int]](repeating: [], count: context.projectCount)
        for (voter, ballot) in context.approvalBallots.enumerated() {
            for project in ballot { supportersOf[Int(project)].append(voter) }
        }
        var entries: [Int: ProjectExplanation] = [:]
        var spent = Rational.zero
        for (index, project) in selected.enumerated() {
            var entry = ProjectExplanation(
                projectId: context.election.projects[project].id, funded: true, reason: .phragmenFunded,
                cost: context.costs[project].description, supporters: context.approvalVotes[project])
            entry.round = index + 1
            entry.remainingBudget = (context.budget - spent).description
            let voters = supportersOf[project]
            if !voters.isEmpty {
                let time = (context.costs[project] + voters.reduce(Rational.zero) { $0 + loads[$1] }) / Rational(voters.count)
                for voter in voters { loads[voter] = time }
                entry.load = time.description
            }
            spent += context.costs[project]
            entries[project] = entry
        }
        let left = context.budget - spent
        return ResultExplanation(
            rule: BudgetRule.seqPhragmen.rawValue,
            projects: byTieOrder(context).map { project in
                if let entry = entries[project] { return entry }
                var entry = ProjectExplanation(
                    projectId: context.election.projects[project].id, funded: false, reason: .phragmenStopped,
                    cost: context.costs[project].description, supporters: context.approvalVotes[project])
                if context.costs[project] > context.budget {
                    entry.reason = .overBudget
                } else if context.approvalVotes[project] == 0 {
                    entry.reason = .noSupporters
                } else {
                    entry.remainingBudget = left.description
                }
                return entry
            })
    }

    // MARK: Comparison

    private static func comparison(_ context: BudgetRuleContext, rule: BudgetRule, selected: [Int]) throws(BudgetRuleError) -> RuleComparison {
        let greedy = try context.selection(for: .greedyVotes)
        func side(_ rule: BudgetRule, _ chosen: [Int]) -> RuleComparison.Side {
            let funded = Set(chosen)
            var satisfied = 0
            var fundedChoices = 0
            for ballot in context.approvalBallots {
                let count = ballot.reduce(0) { $0 + (funded.contains(Int($1)) ? 1 : 0) }
                fundedChoices += count
                if count > 0 { satisfied += 1 }
            }
            let voters = Rational(max(context.voterCount, 1))
            let cost = context.totalCost(of: chosen)
            return RuleComparison.Side(
                rule: rule.rawValue, selected: ids(chosen, context), totalCost: cost.description,
                votersWithFundedChoice: (Rational(satisfied) / voters).description,
                averageFundedPerVoter: (Rational(fundedChoices) / voters).description,
                budgetShare: (context.budget > .zero ? cost / context.budget : .zero).description)
        }
        return RuleComparison(
            voters: context.voterCount, equalShares: side(rule, selected), greedy: side(.greedyVotes, greedy),
            onlyEqualShares: ids(selected.filter { !greedy.contains($0) }, context),
            onlyGreedy: ids(greedy.filter { !selected.contains($0) }, context))
    }

    private static func ids(_ projects: [Int], _ context: BudgetRuleContext) -> [String] {
        projects.sorted { context.tieRank[$0] < context.tieRank[$1] }.map { context.election.projects[$0].id }
    }

    private static func byTieOrder(_ context: BudgetRuleContext) -> [Int] {
        (0..<context.projectCount).sorted { context.tieRank[$0] < context.tieRank[$1] }
    }
}
