import BigInt

/// A submitted plan as the statistics see it: its change per item (plan − baseline, in the
/// planner's item order), its balance and the participant's district.
public struct PlanVector: Sendable, Equatable {
    public var changes: [Int64]
    public var balanceCents: Int64
    public var district: String?

    public init(changes: [Int64], balanceCents: Int64, district: String? = nil) {
        self.changes = changes
        self.balanceCents = balanceCents
        self.district = district
    }
}

/// What the plans did with one item. Quartiles and the median are nearest-rank (an actual
/// plan's change, as PostgreSQL's `percentile_disc`); the mean is rounded half away from zero.
public struct ItemSummary: Sendable, Equatable, Codable {
    public var item: String
    public var raised: Int
    public var lowered: Int
    public var kept: Int
    public var lowerQuartileCents: Int64
    public var medianCents: Int64
    public var upperQuartileCents: Int64
    public var meanCents: Int64
    /// Plans per tenth of the item's range of changes, lowest first (for the chart).
    public var histogram: [Int]
}

/// One of the few typical plans: the median change per item of the plans nearest to it.
public struct TypicalPlan: Sendable, Equatable, Codable {
    public var number: Int
    public var plans: Int
    public var changes: [String: Int64]
    /// The cluster's centre in normalised space, to place a plan (``PlannerSummary/nearestTypical(to:)``).
    public var centre: [Double]
}

/// The council's view of a planner's submitted plans.
public struct PlannerSummary: Sendable, Equatable, Codable {
    public var plans: Int
    /// Plans whose balance is not below the baseline's.
    public var balancedPlans: Int
    public var medianBalanceCents: Int64?
    public var baselineBalanceCents: Int64
    public var items: [ItemSummary]
    public var typicalPlans: [TypicalPlan]
    /// How many plans the clustering chose among (k by silhouette), and its seed.
    public var clusterSeed: Int64
    public var silhouette: Double?
    /// Plans per district; districts with fewer than 5 plans merged into "other".
    public var districts: [DistrictCount]

    public struct DistrictCount: Sendable, Equatable, Codable {
        public var district: String
        public var plans: Int
    }

    /// The typical plan nearest to a plan's changes, by the clustering's own distance.
    public func nearestTypical(to changes: [Int64], in planner: PlannerDefinition) -> TypicalPlan? {
        let point = PlanClustering.normalised(changes, planner: planner)
        return typicalPlans.min { PlanClustering.distance($0.centre, point) < PlanClustering.distance($1.centre, point) }
    }
}

/// Computes ``PlannerSummary`` from the submitted plans, exactly and deterministically.
public enum PlanStatistics {
    /// Districts with fewer plans are merged, so no small group can be singled out.
    public static let smallestDistrictGroup = 5

    public static func summary(of plans: [PlanVector], planner: PlannerDefinition) -> PlannerSummary {
        var summary = figures(of: plans, planner: planner)
        (summary.typicalPlans, summary.silhouette) = PlanClustering.typicalPlans(of: plans, planner: planner)
        return summary
    }

    /// The summary without its typical plans (no typical plans, no silhouette): the
    /// clustering (``PlanClustering/typicalPlans(of:planner:)``) is independent of these
    /// figures, so a caller may compute both at the same time.
    public static func figures(of plans: [PlanVector], planner: PlannerDefinition) -> PlannerSummary {
        let baseline = planner.baselineBalanceCents
        var items: [ItemSummary] = []
        items.reserveCapacity(planner.items.count)
        var column = [Int64](repeating: 0, count: plans.count)
        for (index, item) in planner.items.enumerated() {
            for (row, plan) in plans.enumerated() { column[row] = plan.changes[index] }
            items.append(itemSummary(item, changes: column))
        }
        var balances = plans.map(\.balanceCents)
        balances.sort()
        return PlannerSummary(
            plans: plans.count, balancedPlans: plans.count { $0.balanceCents >= baseline },
            medianBalanceCents: nearestRank(balances, numerator: 1, denominator: 2), baselineBalanceCents: baseline, items: items,
            typicalPlans: [], clusterSeed: planner.clusterSeed, silhouette: nil,
            districts: districtCounts(plans))
    }

    /// The value at rank ⌈p·n⌉ of sorted values (1-based), p = numerator/denominator.
    public static func nearestRank(_ sorted: [Int64], numerator: Int, denominator: Int) -> Int64? {
        guard !sorted.isEmpty else { return nil }
        let rank = max(1, (numerator * sorted.count + denominator - 1) / denominator)
        return sorted[rank - 1]
    }

    static func itemSummary(_ item: PlannerItem, changes: [Int64]) -> ItemSummary {
        let sorted = SortedChanges(changes)
        // Each change is within ±10¹³; summing in chunks of 100,000 stays inside Int64.
        var total = BigInt(0)
        var chunk: Int64 = 0
        for (index, change) in changes.enumerated() {
            chunk += change
            if index % 100_000 == 99_999 {
                total += BigInt(chunk)
                chunk = 0
            }
        }
        total += BigInt(chunk)
        let mean = changes.isEmpty ? 0 : Int64(PlanProjection.roundedHalfAway(Rational(numerator: total, denominator: BigInt(changes.count))))
        return ItemSummary(
            item: item.key, raised: sorted.positives.count, lowered: sorted.negatives.count, kept: sorted.zeros,
            lowerQuartileCents: sorted.nearestRank(numerator: 1, denominator: 4) ?? 0,
            medianCents: sorted.nearestRank(numerator: 1, denominator: 2) ?? 0,
            upperQuartileCents: sorted.nearestRank(numerator: 3, denominator: 4) ?? 0, meanCents: mean,
            histogram: histogram(changes, low: item.minCents - item.baselineCents, high: item.maxCents - item.baselineCents))
    }

    /// Ten bins over [low, high]; the last bin includes high.
    static func histogram(_ changes: [Int64], low: Int64, high: Int64) -> [Int] {
        var bins = [Int](repeating: 0, count: 10)
        let width = high - low
        for change in changes {
            guard width > 0 else {
                bins[0] += 1
                continue
            }
            // (change − low)·10 ≤ 2·10¹⁴: no overflow.
            let bin = Int(min(9, max(0, (change - low) * 10 / width)))
            bins[bin] += 1
        }
        return bins
    }

    static func districtCounts(_ plans: [PlanVector]) -> [PlannerSummary.DistrictCount] {
        var counts: [String: Int] = [:]
        for plan in plans { counts[plan.district ?? "", default: 0] += 1 }
        return districtCounts(counting: counts)
    }

    /// Plans per district from counts per district ("" for none), by the rule the summary,
    /// the report and `plans.csv` share: districts under five plans and plans without one
    /// are merged into one group ("") last.
    public static func districtCounts(counting counts: [String: Int]) -> [PlannerSummary.DistrictCount] {
        var merged = 0
        var result: [PlannerSummary.DistrictCount] = []
        for (district, count) in counts.sorted(by: { $0.key < $1.key }) {
            if district.isEmpty || count < smallestDistrictGroup {
                merged += count
            } else {
                result.append(.init(district: district, plans: count))
            }
        }
        // A merged group under five takes the smallest district along (as the report's
        // district table does), so no small group can be worked out from the total.
        while merged > 0, merged < smallestDistrictGroup, let smallest = result.indices.min(by: { result[$0].plans < result[$1].plans }) {
            merged += result.remove(at: smallest).plans
        }
        if merged > 0 { result.append(.init(district: "", plans: merged)) }
        return result
    }
}
