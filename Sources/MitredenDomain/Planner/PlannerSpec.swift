/// A planner as staff write it (campaign file, `PUT …/planner`): items grouped in areas,
/// each range as min/max or as ±percent of the baseline. ``validated()`` checks it whole
/// and reports every problem with its field.
public struct PlannerSpec: Sendable, Equatable, Codable {
    public struct Item: Sendable, Equatable, Codable {
        public var key: String
        public var name: String
        public var side: PlannerSide
        public var baselineCents: Int64
        public var minCents: Int64?
        public var maxCents: Int64?
        /// The range as ±percent of the baseline, instead of min/max.
        public var rangePercent: Int?
        public var stepCents: Int64
        public var unit: String?
        public var unitCostCents: Int64?
        public var protected: Bool?
        public var growthBasisPoints: Int?
        public var perHousehold: Bool?

        public init(
            key: String, name: String, side: PlannerSide, baselineCents: Int64, minCents: Int64? = nil, maxCents: Int64? = nil,
            rangePercent: Int? = nil, stepCents: Int64, unit: String? = nil, unitCostCents: Int64? = nil, protected: Bool? = nil,
            growthBasisPoints: Int? = nil, perHousehold: Bool? = nil
        ) {
            self.key = key
            self.name = name
            self.side = side
            self.baselineCents = baselineCents
            self.minCents = minCents
            self.maxCents = maxCents
            self.rangePercent = rangePercent
            self.stepCents = stepCents
            self.unit = unit
            self.unitCostCents = unitCostCents
            self.protected = protected
            self.growthBasisPoints = growthBasisPoints
            self.perHousehold = perHousehold
        }
    }

    public struct Area: Sendable, Equatable, Codable {
        public var key: String
        public var name: String
        public var items: [Item]

        public init(key: String, name: String, items: [Item]) {
            self.key = key
            self.name = name
            self.items = items
        }
    }

    public var title: String
    /// `balanced`, `max_deficit` or `free`.
    public var balanceRule: String
    public var maxDeficitCents: Int64?
    public var projectionYears: Int?
    public var households: Int64?
    public var clusterSeed: Int64?
    public var areas: [Area]

    public init(
        title: String, balanceRule: String, maxDeficitCents: Int64? = nil, projectionYears: Int? = nil, households: Int64? = nil,
        clusterSeed: Int64? = nil, areas: [Area]
    ) {
        self.title = title
        self.balanceRule = balanceRule
        self.maxDeficitCents = maxDeficitCents
        self.projectionYears = projectionYears
        self.households = households
        self.clusterSeed = clusterSeed
        self.areas = areas
    }
}

/// A problem with a planner definition; `field` is a path like `areas[1].items[0].stepCents`.
public struct PlannerProblem: Error, Sendable, Equatable {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

extension PlannerSpec {
    /// The planner, or every problem of the spec at once.
    public func validated() throws(PlannerSpecProblems) -> PlannerDefinition {
        var problems: [PlannerProblem] = []
        func check(_ condition: Bool, _ field: String, _ message: @autoclosure () -> String) {
            if !condition { problems.append(PlannerProblem(field: field, message: message())) }
        }
        let ceiling = PlannerLimits.maximumCents
        check((1...PlannerLimits.maximumNameCodePoints).contains(title.codePoints), "title", "must have 1 to 200 characters")
        let rule: BalanceRule
        switch balanceRule {
        case "balanced": rule = .balanced
        case "free": rule = .free
        case "max_deficit":
            let deficit = maxDeficitCents ?? -1
            check((0...ceiling).contains(deficit), "maxDeficitCents", "max_deficit needs maxDeficitCents between 0 and \(ceiling)")
            rule = .maxDeficit(max(0, min(deficit, ceiling)))
        default:
            problems.append(PlannerProblem(field: "balanceRule", message: "must be one of balanced, max_deficit, free"))
            rule = .free
        }
        let years = projectionYears ?? 0
        check((0...PlannerLimits.maximumProjectionYears).contains(years), "projectionYears", "must be between 0 and 30")
        if let households {
            check((1...PlannerLimits.maximumHouseholds).contains(households), "households", "must be between 1 and 100000000")
        }
        check(!areas.isEmpty && areas.count <= PlannerLimits.maximumAreas, "areas", "a planner needs 1 to 100 areas")
        var areaKeys = Set<String>()
        var itemKeys = Set<String>()
        var items: [PlannerItem] = []
        for (a, area) in areas.enumerated() {
            let path = "areas[\(a)]"
            check(Self.isKey(area.key), "\(path).key", "must be 1 to 60 lower-case letters, digits or hyphens")
            check(areaKeys.insert(area.key).inserted, "\(path).key", "'\(area.key)' appears twice")
            check((1...PlannerLimits.maximumNameCodePoints).contains(area.name.codePoints), "\(path).name", "must have 1 to 200 characters")
            for (i, item) in area.items.enumerated() {
                let field = "\(path).items[\(i)]"
                check(Self.isKey(item.key), "\(field).key", "must be 1 to 60 lower-case letters, digits or hyphens")
                check(itemKeys.insert(item.key).inserted, "\(field).key", "'\(item.key)' appears twice")
                check(
                    (1...PlannerLimits.maximumNameCodePoints).contains(item.name.codePoints), "\(field).name", "must have 1 to 200 characters")
                if let resolved = Self.resolve(item, field: field, problems: &problems) {
                    items.append(
                        PlannerItem(
                            key: item.key, areaKey: area.key, name: item.name, side: item.side, baselineCents: item.baselineCents,
                            minCents: resolved.min, maxCents: resolved.max, stepCents: item.stepCents, unitLabel: item.unit,
                            unitCostCents: item.unitCostCents, isProtected: item.protected ?? false,
                            growthBasisPoints: item.growthBasisPoints ?? 0, perHousehold: item.perHousehold ?? false))
                }
            }
        }
        for item in items where PlanProjection.exceedsBounds(item.maxCents, growthBasisPoints: item.growthBasisPoints, years: years) {
            problems.append(
                PlannerProblem(
                    field: "areas.\(item.key).growthBasisPoints",
                    message: "'\(item.key)' would grow past 10^16 cents within projectionYears; lower the growth or the years"))
        }
        check(!itemKeys.isEmpty && itemKeys.count <= PlannerLimits.maximumItems, "areas", "a planner needs 1 to 500 items")
        guard problems.isEmpty else { throw PlannerSpecProblems(problems: problems) }
        return PlannerDefinition(
            title: title, areas: areas.map { PlannerArea(key: $0.key, name: $0.name) }, items: items, balanceRule: rule,
            projectionYears: years, households: households, clusterSeed: clusterSeed ?? PlannerLimits.defaultClusterSeed)
    }

    /// The item's range in cents; nil (with problems) when the item is not usable.
    private static func resolve(_ item: Item, field: String, problems: inout [PlannerProblem]) -> (min: Int64, max: Int64)? {
        let before = problems.count
        func check(_ condition: Bool, _ name: String, _ message: @autoclosure () -> String) {
            if !condition { problems.append(PlannerProblem(field: "\(field).\(name)", message: message())) }
        }
        let ceiling = PlannerLimits.maximumCents
        check((0...ceiling).contains(item.baselineCents), "baselineCents", "must be between 0 and \(ceiling) cents")
        check((1...ceiling).contains(item.stepCents), "stepCents", "must be between 1 and \(ceiling) cents")
        if let cost = item.unitCostCents { check((1...ceiling).contains(cost), "unitCostCents", "must be between 1 and \(ceiling) cents") }
        if let unit = item.unit { check((1...100).contains(unit.codePoints), "unit", "must have 1 to 100 characters") }
        check(
            (item.unit == nil) == (item.unitCostCents == nil), "unitCostCents", "a unit and its unitCostCents are given together or not at all")
        if let growth = item.growthBasisPoints {
            let limit = PlannerLimits.maximumGrowthBasisPoints
            check((-limit...limit).contains(growth), "growthBasisPoints", "must be between -10000 and 10000 (±100 % a year)")
        }
        if item.perHousehold == true { check(item.side == .revenue, "perHousehold", "only a revenue item is shown per household") }
        var low = item.minCents
        var high = item.maxCents
        if let percent = item.rangePercent {
            check(low == nil && high == nil, "rangePercent", "give either minCents and maxCents or rangePercent, not both")
            check((0...100).contains(percent), "rangePercent", "must be between 0 and 100")
            if (0...100).contains(percent), (0...ceiling).contains(item.baselineCents) {
                // Exact in Int64: baseline ≤ 10¹³, percent ≤ 100. The range stays inside it.
                let spread = item.baselineCents * Int64(percent) / 100
                low = item.baselineCents - spread
                high = item.baselineCents + spread
            }
        } else {
            check(low != nil && high != nil, "minCents", "give minCents and maxCents, or rangePercent")
        }
        if let low, let high {
            check((0...ceiling).contains(low), "minCents", "must be between 0 and \(ceiling) cents")
            check((0...ceiling).contains(high), "maxCents", "must be between 0 and \(ceiling) cents")
            check(low <= item.baselineCents && item.baselineCents <= high, "baselineCents", "must lie between minCents and maxCents")
        }
        guard problems.count == before, let low, let high else { return nil }
        return (low, high)
    }

    public static func isKey(_ text: String) -> Bool {
        (1...60).contains(text.count) && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

/// Every problem of a planner spec.
public struct PlannerSpecProblems: Error, Sendable, Equatable {
    public var problems: [PlannerProblem]
}
