import BigInt

extension BudgetRuleContext {
    /// `seq_phragmen` (SPEC §3.12) on the approval projection.
    func sequentialPhragmen() -> [Int] {
        var phragmen = SequentialPhragmen(self)
        return phragmen.run()
    }
}

/// Sequential Phragmén, exact.
///
/// Selecting a project sets the load of all its supporters to the same value, so voters
/// fall into few *load classes* (at most one more than the number of selected projects).
/// The engine keeps per class a load and per project a supporter count, and sums loads per
/// class rather than per voter. Loads share one denominator so that sums need no gcd.
struct SequentialPhragmen {
    private let costUnits: [BigUInt]
    private let budgetUnits: BigUInt
    private let votes: [Int]
    private let tieRank: [Int]
    private let groups: BallotGroups
    private let supporterStart: [Int]
    private let supporterGroup: [Int32]
    private let projectCount: Int

    /// Class c carries load `loads[c] / denominator` money units per voter.
    private var denominator = BigUInt(1)
    private var loads: [BigUInt] = [0]
    /// Supporters of project p in class c: `counts[c * projectCount + p]`.
    private var counts: [Int32]
    private var classOf: [Int32]

    init(_ context: BudgetRuleContext) {
        let scale = context.moneyScale
        costUnits = context.costs.map { ($0.numerator * (scale / $0.denominator)).magnitude }
        budgetUnits = (context.budget.numerator * (scale / context.budget.denominator)).magnitude
        votes = context.approvalVotes
        tieRank = context.tieRank
        groups = context.approvalGroups
        projectCount = context.projectCount
        (supporterStart, supporterGroup) = groups.groupsByItem(itemCount: projectCount)
        counts = votes.map { Int32($0) }
        classOf = Array(repeating: 0, count: groups.count)
    }

    mutating func run() -> [Int] {
        // Projects costing more than B are removed first; otherwise they could stop the rule.
        var remaining = (0..<projectCount).filter { costUnits[$0] <= budgetUnits }
        var spent = BigUInt(0)
        var selected: [Int] = []
        while !remaining.isEmpty {
            let tied = cheapestTimes(among: remaining)
            // The rule stops at the first project that does not fit, even if a tied one would.
            if tied.contains(where: { spent + costUnits[$0.project] > budgetUnits }) { break }
            let (chosen, time) = tied.min { tieRank[$0.project] < tieRank[$1.project] }!
            selected.append(chosen)
            spent += costUnits[chosen]
            remaining.removeAll { $0 == chosen }
            if let time { assignLoad(time, toSupportersOf: chosen) }
        }
        return selected
    }

    /// The projects with the smallest time t(p), each with its time as a numerator over
    /// `votes(p) · denominator`; the numerator is `nil` when only unsupported projects
    /// (t = ∞, all tied) are left.
    private func cheapestTimes(among projects: [Int]) -> [(project: Int, time: BigUInt?)] {
        var tied: [(project: Int, time: BigUInt?)] = []
        var best: (numerator: BigUInt, votes: Int)?
        for project in projects where votes[project] > 0 {
            var numerator = costUnits[project] * denominator
            for member in 1..<loads.count {
                let count = counts[member * projectCount + project]
                if count > 0 { numerator += loads[member].multiplied(byWord: UInt(count)) }
            }
            if let current = best {
                let lhs = numerator.multiplied(byWord: UInt(current.votes))
                let rhs = current.numerator.multiplied(byWord: UInt(votes[project]))
                if lhs > rhs { continue }
                if lhs < rhs { tied.removeAll() }
            }
            if tied.isEmpty { best = (numerator, votes[project]) }
            tied.append((project, numerator))
        }
        return best == nil ? projects.map { ($0, nil) } : tied
    }

    /// Sets the load of every supporter of `project` to t = time / (votes · denominator).
    private mutating func assignLoad(_ time: BigUInt, toSupportersOf project: Int) {
        let supporters = UInt(votes[project])
        let divisor = Rational.wordGCD(supporters, UInt(time % BigUInt(supporters)))
        let factor = supporters / divisor
        if factor > 1 {
            denominator.multiply(byWord: factor)
            for member in loads.indices { loads[member].multiply(byWord: factor) }
        }
        let newClass = Int32(loads.count)
        loads.append(divisor == 1 ? time : time / BigUInt(divisor))
        counts.append(contentsOf: repeatElement(0, count: projectCount))
        for entry in supporterStart[project]..<supporterStart[project + 1] {
            let group = Int(supporterGroup[entry])
            let source = Int(classOf[group])
            let weight = groups.weights[group]
            for item in groups.items(of: group) {
                counts[source * projectCount + Int(item)] -= weight
                counts[Int(newClass) * projectCount + Int(item)] += weight
            }
            classOf[group] = newClass
        }
    }
}
