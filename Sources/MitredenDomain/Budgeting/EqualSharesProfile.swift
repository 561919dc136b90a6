import BigInt

/// Everything about an election that the equal-shares engine needs and that does not change
/// between runs with different per-voter budgets (the add1 variants run it hundreds of times).
///
/// Money is counted in integer units of 1/`moneyScale` currency units. Utilities are integers
/// too: each project has one or more *slots*, one per distinct utility value its supporters
/// give it (approval and cost utilities: a single slot with utility 1; point utilities: one
/// slot per distinct point value). Ballots are grouped, and a group lists slots.
package struct EqualSharesProfile {
    let moneyScale: BigInt
    /// c(p) in money units.
    let costUnits: [BigUInt]
    /// ρ of the spec equals the engine's per-utility price divided by this. Cost utilities
    /// u = c(p) give every supporter the same utility, so the engine prices them with utility 1
    /// and divides by c(p) only when comparing projects.
    let rhoScale: [BigUInt]
    /// The slots of project p are `slotStart[p]..<slotStart[p + 1]`.
    let slotStart: [Int]
    let slotUtility: [Int]
    /// U(p) = Σ u over supporters, in integer utility units.
    let totalUtility: [Int]
    let groups: BallotGroups
    /// Supporting groups of every slot (see `BallotGroups.groupsByItem`), with each group's
    /// weight alongside so that walking the supporters reads memory in order.
    let supporterStart: [Int]
    let supporterGroup: [Int32]
    let supporterWeight: [Int32]
    let tieRank: [Int]
    /// Projects with positive cost and support, sorted by their first-round price c/(U·scale)
    /// and then by tie rank: the order in which a run first examines them.
    let candidates: [Int]
    /// Supported projects that cost nothing; MES selects them at once. Always empty for cost
    /// utilities, under which a free project has utility 0.
    let freeProjects: [Int]
    let maxSlotsPerProject: Int

    var projectCount: Int { costUnits.count }
    var slotCount: Int { slotUtility.count }

    package enum UnitUtility { case cost, approval }

    /// The profile for cost or approval utilities on the approval projection.
    init(_ context: BudgetRuleContext, utility: UnitUtility) {
        let count = context.projectCount
        let costUnits = Self.costUnits(context)
        self.init(
            context: context,
            costUnits: costUnits,
            rhoScale: utility == .cost ? costUnits : Array(repeating: 1, count: count),
            slotStart: Array(0...count),
            slotUtility: Array(repeating: 1, count: count),
            groups: context.approvalGroups,
            // With u = c(p), a free project gives its supporters utility 0: nobody supports it,
            // so MES never selects it (as pabutools' Cost_Sat does).
            selectsFreeProjects: utility == .approval
        )
    }

    /// The profile for point utilities (`mes_points`).
    init(pointsOf context: BudgetRuleContext) throws(BudgetRuleError) {
        let ballots = context.pointBallots
        var scale = BigInt(1)
        for ballot in ballots {
            for (_, points) in ballot where points.denominator != 1 {
                let divisor = BigInt(Rational.greatestCommonDivisor(scale.magnitude, points.denominator.magnitude))
                scale = scale / divisor * points.denominator
            }
        }
        // Integer utilities; a common scale factor does not change any price comparison.
        var utilities = [Set<Int>](repeating: [], count: context.projectCount)
        var scaledBallots: [[(project: Int, utility: Int)]] = []
        scaledBallots.reserveCapacity(ballots.count)
        var total = 0
        for ballot in ballots {
            var scaled: [(project: Int, utility: Int)] = []
            for (project, points) in ballot {
                guard let utility = Int(exactly: points.numerator * (scale / points.denominator)),
                    utility <= Int(Int32.max)
                else { throw .pointsTooPrecise }
                let (sum, overflow) = total.addingReportingOverflow(utility)
                guard !overflow, sum < Int.max / 4 else { throw .pointsTooPrecise }
                total = sum
                utilities[Int(project)].insert(utility)
                scaled.append((Int(project), utility))
            }
            scaledBallots.append(scaled)
        }

        var slotStart = [0]
        var slotUtility: [Int] = []
        var slotOf: [[Int: Int32]] = []
        for values in utilities {
            var slots: [Int: Int32] = [:]
            for value in values.sorted() {
                slots[value] = Int32(slotUtility.count)
                slotUtility.append(value)
            }
            slotOf.append(slots)
            slotStart.append(slotUtility.count)
        }
        let slotBallots = scaledBallots.map { ballot in
            ballot.map { slotOf[$0.project][$0.utility]! }.sorted()
        }
        self.init(
            context: context,
            costUnits: Self.costUnits(context),
            rhoScale: Array(repeating: 1, count: context.projectCount),
            slotStart: slotStart,
            slotUtility: slotUtility,
            groups: BallotGroups(ballots: slotBallots),
            selectsFreeProjects: true
        )
    }

    private init(
        context: BudgetRuleContext,
        costUnits: [BigUInt],
        rhoScale: [BigUInt],
        slotStart: [Int],
        slotUtility: [Int],
        groups: BallotGroups,
        selectsFreeProjects: Bool
    ) {
        moneyScale = context.moneyScale
        self.costUnits = costUnits
        self.rhoScale = rhoScale
        self.slotStart = slotStart
        self.slotUtility = slotUtility
        self.groups = groups
        tieRank = context.tieRank
        let (starts, supporters) = groups.groupsByItem(itemCount: slotUtility.count)
        let weights = supporters.map { groups.weights[Int($0)] }
        (supporterStart, supporterGroup, supporterWeight) = (starts, supporters, weights)

        let projects = 0..<costUnits.count
        let utility = projects.map { project in
            (slotStart[project]..<slotStart[project + 1]).reduce(0) { total, slot in
                let voters = weights[starts[slot]..<starts[slot + 1]].reduce(0) { $0 + Int($1) }
                return total + voters * slotUtility[slot]
            }
        }
        totalUtility = utility
        maxSlotsPerProject = projects.map { slotStart[$0 + 1] - slotStart[$0] }.max() ?? 0
        freeProjects = selectsFreeProjects ? projects.filter { costUnits[$0].isZero && utility[$0] > 0 } : []
        let tieRank = context.tieRank
        candidates = projects.filter { !costUnits[$0].isZero && utility[$0] > 0 }.sorted { lhs, rhs in
            let left = costUnits[lhs] * BigUInt(utility[rhs]) * rhoScale[rhs]
            let right = costUnits[rhs] * BigUInt(utility[lhs]) * rhoScale[lhs]
            return left != right ? left < right : tieRank[lhs] < tieRank[rhs]
        }
    }

    private static func costUnits(_ context: BudgetRuleContext) -> [BigUInt] {
        context.costs.map { ($0.numerator * (context.moneyScale / $0.denominator)).magnitude }
    }
}
