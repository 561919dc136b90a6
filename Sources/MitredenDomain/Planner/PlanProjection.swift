import BigInt

/// One year of a projection: the sums of both sides and the balance, in cents.
public struct ProjectedYear: Sendable, Equatable {
    public var year: Int
    public var revenueCents: Int64
    public var expenseCents: Int64
    public var balanceCents: Int64 { revenueCents - expenseCents }
}

/// What a change of a tax item means for one household per month.
public struct HouseholdEffect: Sendable, Equatable {
    public var item: String
    /// Exact change per household and month, rounded half away from zero to whole cents.
    public var centsPerMonth: Int64

    public init(item: String, centsPerMonth: Int64) {
        self.item = item
        self.centsPerMonth = centsPerMonth
    }
}

/// The consequences of a plan over the planner's years, and per household: exact rationals,
/// rounded once per item and year.
public enum PlanProjection {
    /// The largest projected amount of one item: with at most 500 items, sums stay inside Int64.
    public static let maximumProjectedCents: Int64 = 10_000_000_000_000_000

    /// Year 0 is the plan itself; each later year grows every item by its rate. Every
    /// submission's answer shows this for its draft and its plan, so it is computed in plain
    /// integers: per item the growth's numerator is carried from year to year, and each
    /// year's amount is one division rounded half away from zero (no fraction reduced).
    public static func years(of amounts: [String: Int64], in planner: PlannerDefinition) -> [ProjectedYear] {
        guard planner.projectionYears > 0 else { return [] }
        var revenue = [Int64](repeating: 0, count: planner.projectionYears + 1)
        var expense = revenue
        var denominators = [BigInt(1)]
        for _ in 0..<planner.projectionYears { denominators.append(denominators[denominators.count - 1] * 10_000) }
        for item in planner.items {
            let cents = amounts[item.key] ?? item.baselineCents
            var numerator = BigInt(cents)
            let rate = BigInt(10_000 + item.growthBasisPoints)
            for year in 0...planner.projectionYears {
                if year > 0, item.growthBasisPoints != 0 { numerator *= rate }
                let projected =
                    item.growthBasisPoints == 0 || year == 0
                    ? cents : Int64(dividedRoundingHalfAway(numerator, by: denominators[year]))
                if item.side == .revenue { revenue[year] += projected } else { expense[year] += projected }
            }
        }
        return (0...planner.projectionYears).map { ProjectedYear(year: $0, revenueCents: revenue[$0], expenseCents: expense[$0]) }
    }

    /// `cents · (1 + g/10000)^years`, rounded half away from zero. The planner's definition
    /// bounds it (``exceedsBounds(_:growthBasisPoints:years:)``), so the result fits.
    public static func project(_ cents: Int64, growthBasisPoints: Int, years: Int) -> Int64 {
        guard growthBasisPoints != 0, years > 0 else { return cents }
        let numerator = BigInt(cents) * BigInt(10_000 + growthBasisPoints).power(years)
        return Int64(dividedRoundingHalfAway(numerator, by: BigInt(10_000).power(years)))
    }

    /// `numerator / denominator` (denominator > 0) to the nearest integer, halves away from
    /// zero: what ``roundedHalfAway(_:)`` gives for the fraction, without reducing it first.
    public static func dividedRoundingHalfAway(_ numerator: BigInt, by denominator: BigInt) -> BigInt {
        let magnitude = (numerator.magnitude * 2 + denominator.magnitude) / (denominator.magnitude * 2)
        return numerator.signum() < 0 ? -BigInt(magnitude) : BigInt(magnitude)
    }

    /// Whether `cents` grown over `years` would pass ``maximumProjectedCents``.
    public static func exceedsBounds(_ cents: Int64, growthBasisPoints: Int, years: Int) -> Bool {
        guard growthBasisPoints > 0, years > 0 else { return false }
        let grown = BigInt(cents) * BigInt(10_000 + growthBasisPoints).power(years)
        return grown > BigInt(maximumProjectedCents) * BigInt(10_000).power(years)
    }

    /// For every per-household item: (plan − baseline) / households / 12.
    public static func householdEffects(of amounts: [String: Int64], in planner: PlannerDefinition) -> [HouseholdEffect] {
        guard let households = planner.households, households > 0 else { return [] }
        return planner.items.filter(\.perHousehold).map { item in
            let change = (amounts[item.key] ?? item.baselineCents) - item.baselineCents
            let perMonth = Rational(numerator: BigInt(change), denominator: BigInt(households) * 12)
            return HouseholdEffect(item: item.key, centsPerMonth: Int64(roundedHalfAway(perMonth)))
        }
    }

    /// The nearest integer, halves away from zero (as PostgreSQL's `round(numeric)`).
    public static func roundedHalfAway(_ value: Rational) -> BigInt {
        // floor(|x| + ½) with the sign of x.
        let magnitude = Rational(numerator: abs(value.numerator) * 2 + value.denominator, denominator: value.denominator * 2).floor
        return value.isNegative ? -magnitude : magnitude
    }
}
