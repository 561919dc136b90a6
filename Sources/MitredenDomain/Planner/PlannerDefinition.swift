/// Which side of the city's budget a planner item is on.
public enum PlannerSide: String, Sendable, Codable, CaseIterable {
    case revenue, expense
}

/// What a submitted plan's balance (revenue − expense) must satisfy.
public enum BalanceRule: Sendable, Equatable {
    /// The balance may not fall below the baseline's ("am Ende muss die Kasse stimmen").
    case balanced
    /// The balance may fall to minus this many cents.
    case maxDeficit(Int64)
    /// Any balance.
    case free

    public var slug: String {
        switch self {
        case .balanced: "balanced"
        case .maxDeficit: "max_deficit"
        case .free: "free"
        }
    }
}

/// A group of items (Kultur, Verkehr, Steuern, …).
public struct PlannerArea: Sendable, Equatable {
    public var key: String
    public var name: String

    public init(key: String, name: String) {
        self.key = key
        self.name = name
    }
}

/// One line of the budget that citizens may move within its range, on its step.
public struct PlannerItem: Sendable, Equatable {
    public var key: String
    public var areaKey: String
    public var name: String
    public var side: PlannerSide
    public var baselineCents: Int64
    /// The allowed range, resolved from min/max or ±percent at definition.
    public var minCents: Int64
    public var maxCents: Int64
    /// A plan's amount differs from the baseline by a whole number of steps.
    public var stepCents: Int64
    /// What one unit is ("Kita-Platz") and costs, so a change reads as units.
    public var unitLabel: String?
    public var unitCostCents: Int64?
    /// Citizens may not change it (debt service, statutory payments).
    public var isProtected: Bool
    /// Growth per year in basis points (250 = 2.5 %), for the projection.
    public var growthBasisPoints: Int
    /// A tax item whose change is shown per household and month.
    public var perHousehold: Bool

    public init(
        key: String, areaKey: String, name: String, side: PlannerSide, baselineCents: Int64, minCents: Int64, maxCents: Int64,
        stepCents: Int64, unitLabel: String? = nil, unitCostCents: Int64? = nil, isProtected: Bool = false, growthBasisPoints: Int = 0,
        perHousehold: Bool = false
    ) {
        self.key = key
        self.areaKey = areaKey
        self.name = name
        self.side = side
        self.baselineCents = baselineCents
        self.minCents = minCents
        self.maxCents = maxCents
        self.stepCents = stepCents
        self.unitLabel = unitLabel
        self.unitCostCents = unitCostCents
        self.isProtected = isProtected
        self.growthBasisPoints = growthBasisPoints
        self.perHousehold = perHousehold
    }

    /// The item's signed contribution to a balance: revenue adds, expense subtracts.
    func signed(_ cents: Int64) -> Int64 { side == .revenue ? cents : -cents }
}

/// A campaign's budget planner (Haushaltsrechner): its items in areas, the balance rule,
/// the projection and the household view. Built only by ``PlannerSpec/validated()`` or
/// from stored rows, so every amount is within ``PlannerLimits``.
public struct PlannerDefinition: Sendable, Equatable {
    public var title: String
    public var areas: [PlannerArea]
    public var items: [PlannerItem]
    public var balanceRule: BalanceRule
    /// Years the projection covers (0: none).
    public var projectionYears: Int
    /// Households the household view divides by (nil: no household view).
    public var households: Int64?
    /// The seed of the typical plans' clustering, stored so the typical plans are reproducible.
    public var clusterSeed: Int64

    public init(
        title: String, areas: [PlannerArea], items: [PlannerItem], balanceRule: BalanceRule, projectionYears: Int = 0,
        households: Int64? = nil, clusterSeed: Int64 = PlannerLimits.defaultClusterSeed
    ) {
        self.title = title
        self.areas = areas
        self.items = items
        self.balanceRule = balanceRule
        self.projectionYears = projectionYears
        self.households = households
        self.clusterSeed = clusterSeed
    }

    /// The balance of the baseline: revenue − expense.
    public var baselineBalanceCents: Int64 { items.reduce(0) { $0 + $1.signed($1.baselineCents) } }

    /// The lowest balance a submitted plan may have; nil under `free`.
    public var balanceFloorCents: Int64? {
        switch balanceRule {
        case .balanced: baselineBalanceCents
        case .maxDeficit(let cents): -cents
        case .free: nil
        }
    }

    public func item(_ key: String) -> PlannerItem? { items.first { $0.key == key } }
}

/// Ceilings that keep every sum over a planner inside `Int64` (and PostgreSQL's bigint).
public enum PlannerLimits {
    /// The largest amount of one item, in cents: 100 billion euros, ten times Hamburg's
    /// whole budget. 500 items of it sum to 5·10¹⁵, far inside Int64 (9.2·10¹⁸).
    public static let maximumCents: Int64 = 10_000_000_000_000
    public static let maximumItems = 500
    public static let maximumAreas = 100
    public static let maximumProjectionYears = 30
    /// ±100 % per year at most.
    public static let maximumGrowthBasisPoints = 10_000
    public static let maximumHouseholds: Int64 = 100_000_000
    public static let maximumJustificationCodePoints = 500
    public static let maximumNameCodePoints = 200
    public static let defaultClusterSeed: Int64 = 2009
}
