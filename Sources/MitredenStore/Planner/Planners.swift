import Foundation
import MitredenDomain
import PostgresNIO

/// A campaign's stored planner: its id and definition.
public struct PlannerRecord: Sendable, Equatable {
    public var id: Planner.ID
    public var campaignID: Campaign.ID
    public var definition: PlannerDefinition
}

/// Planner definitions: one per campaign, replaced whole.
public enum Planners {
    /// Inserts or replaces the campaign's planner; its areas and items are rewritten.
    public static func save(_ definition: PlannerDefinition, campaign: Campaign.ID, now: Date, on tx: Transaction) async throws -> Planner.ID {
        let deficit: Int64? = if case .maxDeficit(let cents) = definition.balanceRule { cents } else { nil }
        let id = try await tx.query(
            """
            INSERT INTO planners (campaign_id, title, balance_rule, max_deficit_cents, projection_years, households, cluster_seed,
                                  created_at, updated_at)
            VALUES (\(campaign), \(definition.title), \(definition.balanceRule.slug), \(deficit), \(definition.projectionYears),
                    \(definition.households), \(definition.clusterSeed), \(now), \(now))
            ON CONFLICT (campaign_id) DO UPDATE SET title = EXCLUDED.title, balance_rule = EXCLUDED.balance_rule,
                max_deficit_cents = EXCLUDED.max_deficit_cents, projection_years = EXCLUDED.projection_years,
                households = EXCLUDED.households, cluster_seed = EXCLUDED.cluster_seed, updated_at = EXCLUDED.updated_at
            RETURNING id
            """)[0].decode(Planner.ID.self)
        try await tx.query("DELETE FROM planner_areas WHERE planner_id = \(id)")
        try await tx.query("DELETE FROM planner_summaries WHERE planner_id = \(id)")
        try await tx.query(
            """
            INSERT INTO planner_areas (planner_id, key, name, position)
            SELECT \(id), a.key, a.name, a.position
            FROM unnest(\(definition.areas.map(\.key))::text[], \(definition.areas.map(\.name))::text[],
                        \(Array(definition.areas.indices))::int[]) AS a(key, name, position)
            """)
        let items = definition.items
        try await tx.query(
            """
            INSERT INTO planner_items (planner_id, key, area_key, name, side, baseline_cents, min_cents, max_cents, step_cents,
                                       unit_label, unit_cost_cents, protected, growth_basis_points, per_household, position)
            SELECT \(id), i.key, i.area, i.name, i.side, i.baseline, i.low, i.high, i.step, NULLIF(i.unit, ''), NULLIF(i.unit_cost, 0), i.protected,
                   i.growth, i.household, i.position
            FROM unnest(\(items.map(\.key))::text[], \(items.map(\.areaKey))::text[], \(items.map(\.name))::text[],
                        \(items.map(\.side.rawValue))::text[], \(items.map(\.baselineCents))::bigint[], \(items.map(\.minCents))::bigint[],
                        \(items.map(\.maxCents))::bigint[], \(items.map(\.stepCents))::bigint[], \(items.map { $0.unitLabel ?? "" })::text[],
                        \(items.map { $0.unitCostCents ?? 0 })::bigint[], \(items.map(\.isProtected))::boolean[],
                        \(items.map(\.growthBasisPoints))::int[], \(items.map(\.perHousehold))::boolean[],
                        \(Array(items.indices))::int[])
                 AS i(key, area, name, side, baseline, low, high, step, unit, unit_cost, protected, growth, household, position)
            """)
        return id
    }

    /// The campaign's planner, or nil.
    public static func find(campaign: Campaign.ID, on db: some SQLExecutor) async throws -> PlannerRecord? {
        try await findVersioned(campaign: campaign, on: db)?.record
    }

    /// The campaign's planner with its version: the row's `xmin`, new with every definition
    /// (a re-definition rewrites the row), so a copy kept by version is never out of date.
    static func findVersioned(campaign: Campaign.ID, on db: some SQLExecutor) async throws -> (record: PlannerRecord, version: String)? {
        // One round trip: areas and items come as parallel arrays in their order ('' and 0
        // stand for "no unit": a unit label is never empty, a unit cost never 0).
        let rows = try await db.query(
            """
            SELECT p.id, p.xmin::text AS version, p.title, p.balance_rule, p.max_deficit_cents, p.projection_years, p.households, p.cluster_seed,
                   ARRAY(SELECT key FROM planner_areas WHERE planner_id = p.id ORDER BY position) AS area_keys,
                   ARRAY(SELECT name FROM planner_areas WHERE planner_id = p.id ORDER BY position) AS area_names,
                   ARRAY(SELECT key FROM planner_items WHERE planner_id = p.id ORDER BY position) AS item_keys,
                   ARRAY(SELECT area_key FROM planner_items WHERE planner_id = p.id ORDER BY position) AS item_areas,
                   ARRAY(SELECT name FROM planner_items WHERE planner_id = p.id ORDER BY position) AS item_names,
                   ARRAY(SELECT side FROM planner_items WHERE planner_id = p.id ORDER BY position) AS item_sides,
                   ARRAY(SELECT baseline_cents FROM planner_items WHERE planner_id = p.id ORDER BY position) AS item_baselines,
                   ARRAY(SELECT min_cents FROM planner_items WHERE planner_id = p.id ORDER BY position) AS item_mins,
                   ARRAY(SELECT max_cents FROM planner_items WHERE planner_id = p.id ORDER BY position) AS item_maxes,
                   ARRAY(SELECT step_cents FROM planner_items WHERE planner_id = p.id ORDER BY position) AS item_steps,
                   ARRAY(SELECT coalesce(unit_label, '') FROM planner_items WHERE planner_id = p.id ORDER BY position) AS item_units,
                   ARRAY(SELECT coalesce(unit_cost_cents, 0) FROM planner_items WHERE planner_id = p.id ORDER BY position) AS item_unit_costs,
                   ARRAY(SELECT protected FROM planner_items WHERE planner_id = p.id ORDER BY position) AS item_protected,
                   ARRAY(SELECT growth_basis_points FROM planner_items WHERE planner_id = p.id ORDER BY position) AS item_growth,
                   ARRAY(SELECT per_household FROM planner_items WHERE planner_id = p.id ORDER BY position) AS item_per_household
            FROM planners p WHERE p.campaign_id = \(campaign)
            """)
        guard let row = rows.first else { return nil }
        let column = NamedColumns(row)
        let (id, title, rule, deficit): (Planner.ID, String, String, Int64?) = (
            try column("id"), try column("title"), try column("balance_rule"), try column("max_deficit_cents")
        )
        let (years, households, seed): (Int, Int64?, Int64) = (
            try column("projection_years"), try column("households"), try column("cluster_seed")
        )
        let (areaKeys, areaNames): ([String], [String]) = (try column("area_keys"), try column("area_names"))
        let areas = zip(areaKeys, areaNames).map { PlannerArea(key: $0, name: $1) }
        let keys: [String] = try column("item_keys")
        let (itemAreas, names, sides): ([String], [String], [String]) = (
            try column("item_areas"), try column("item_names"), try column("item_sides")
        )
        let (baselines, mins, maxes, steps): ([Int64], [Int64], [Int64], [Int64]) = (
            try column("item_baselines"), try column("item_mins"), try column("item_maxes"), try column("item_steps")
        )
        let (units, unitCosts): ([String], [Int64]) = (try column("item_units"), try column("item_unit_costs"))
        let (protected, growth, perHousehold): ([Bool], [Int], [Bool]) = (
            try column("item_protected"), try column("item_growth"), try column("item_per_household")
        )
        let items = try keys.indices.map { i in
            PlannerItem(
                key: keys[i], areaKey: itemAreas[i], name: names[i], side: try PlannerSide(stored: sides[i]), baselineCents: baselines[i],
                minCents: mins[i], maxCents: maxes[i], stepCents: steps[i], unitLabel: units[i].isEmpty ? nil : units[i],
                unitCostCents: unitCosts[i] == 0 ? nil : unitCosts[i], isProtected: protected[i], growthBasisPoints: growth[i],
                perHousehold: perHousehold[i])
        }
        let balance: BalanceRule =
            switch rule {
            case "balanced": .balanced
            case "max_deficit": .maxDeficit(deficit ?? 0)
            case "free": .free
            default: throw ServiceError.unexpected("unknown balance rule '\(rule)' stored")
            }
        let definition = PlannerDefinition(
            title: title, areas: areas, items: items, balanceRule: balance, projectionYears: years, households: households, clusterSeed: seed)
        return (PlannerRecord(id: id, campaignID: campaign, definition: definition), try column("version"))
    }

    /// Whether any plan of the planner is submitted (its definition is then fixed).
    public static func hasSubmittedPlans(_ planner: Planner.ID, on db: some SQLExecutor) async throws -> Bool {
        !(try await db.query("SELECT 1 FROM plans WHERE planner_id = \(planner) AND status = 'submitted' LIMIT 1").isEmpty)
    }
}
