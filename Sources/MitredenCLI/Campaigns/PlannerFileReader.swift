import MitredenDomain
import Yams

/// The `planner` section of a campaign file (and the file of `mitreden planner define`):
/// amounts in euros like the areas' budgets, unknown keys refused, each field's line kept.
extension NodeReader {
    func planner(_ node: Node, at path: String) throws(CampaignFileError) -> PlannerSpec {
        let fields = try mapping(
            node, at: path, allowed: ["title", "balanceRule", "maxDeficit", "projectionYears", "households", "clusterSeed", "areas"])
        func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
        var spec = PlannerSpec(
            title: try text(required(fields, "title", at: path), at: field("title")),
            balanceRule: try text(required(fields, "balanceRule", at: path), at: field("balanceRule")),
            areas: [])
        if let node = fields["maxDeficit"] { spec.maxDeficitCents = try euros(node, at: field("maxDeficit")) }
        if let node = fields["projectionYears"] { spec.projectionYears = try integer(node, at: field("projectionYears")) }
        if let node = fields["households"] { spec.households = Int64(try integer(node, at: field("households"))) }
        if let node = fields["clusterSeed"] { spec.clusterSeed = Int64(try integer(node, at: field("clusterSeed"))) }
        spec.areas = try list(required(fields, "areas", at: path), at: field("areas")) { node, areaPath throws(CampaignFileError) in
            let area = try mapping(node, at: areaPath, allowed: ["key", "name", "items"])
            return PlannerSpec.Area(
                key: try text(required(area, "key", at: areaPath), at: "\(areaPath).key"),
                name: try text(required(area, "name", at: areaPath), at: "\(areaPath).name"),
                items: try list(required(area, "items", at: areaPath), at: "\(areaPath).items") { node, itemPath throws(CampaignFileError) in
                    try plannerItem(node, at: itemPath)
                })
        }
        return spec
    }

    private func plannerItem(_ node: Node, at path: String) throws(CampaignFileError) -> PlannerSpec.Item {
        let fields = try mapping(
            node, at: path,
            allowed: [
                "key", "name", "side", "baseline", "min", "max", "rangePercent", "step", "unit", "unitCost", "protected",
                "growthBasisPoints", "perHousehold",
            ])
        func optionalEuros(_ key: String) throws(CampaignFileError) -> Int64? {
            guard let node = fields[key] else { return nil }
            return try euros(node, at: "\(path).\(key)")
        }
        var item = PlannerSpec.Item(
            key: try text(required(fields, "key", at: path), at: "\(path).key"),
            name: try text(required(fields, "name", at: path), at: "\(path).name"),
            side: try choice(required(fields, "side", at: path), at: "\(path).side"),
            baselineCents: try euros(required(fields, "baseline", at: path), at: "\(path).baseline"),
            minCents: try optionalEuros("min"), maxCents: try optionalEuros("max"),
            stepCents: try euros(required(fields, "step", at: path), at: "\(path).step"))
        if let node = fields["rangePercent"] { item.rangePercent = try integer(node, at: "\(path).rangePercent") }
        if let node = fields["unit"] { item.unit = try text(node, at: "\(path).unit") }
        item.unitCostCents = try optionalEuros("unitCost")
        if let node = fields["protected"] { item.protected = try flag(node, at: "\(path).protected") }
        if let node = fields["growthBasisPoints"] { item.growthBasisPoints = try integer(node, at: "\(path).growthBasisPoints") }
        if let node = fields["perHousehold"] { item.perHousehold = try flag(node, at: "\(path).perHousehold") }
        return item
    }
}
