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
        let rows = try await db.query(
            """
            SELECT id, title, balance_rule, max_deficit_cents, projection_years, households, cluster_seed
            FROM planners WHERE campaign_id = \(campaign)
            """)
        guard let row = rows.first else { return nil }
        let (id, title, rule, deficit, years, households, seed) = try row.decode((Planner.ID, String, String, Int64?, Int, Int64?, Int64).self)
        let areas = try await db.query("SELECT key, name FROM planner_areas WHERE planner_id = \(id) ORDER BY position").map { row in
            let (key, name) = try row.decode((String, String).self)
            return PlannerArea(key: key, name: name)
        }
        let items = try await db.query(
            """
            SELECT key, area_key, name, side, baseline_cents, min_cents, max_cents, step_cents, unit_label, unit_cost_cents,
                   protected, growth_basis_points, per_household
            FROM planner_items WHERE planner_id = \(id) ORDER BY position
            """
        ).map { row in
            let columns = NamedColumns(row)
            return PlannerItem(
                key: try columns("key"), areaKey: try columns("area_key"), name: try columns("name"),
                side: try columns.stored("side"), baselineCents: try columns("baseline_cents"),
                minCents: try columns("min_cents"), maxCents: try columns("max_cents"), stepCents: try columns("step_cents"),
                unitLabel: try columns("unit_label"), unitCostCents: try columns("unit_cost_cents"), isProtected: try columns("protected"),
                growthBasisPoints: try columns("growth_basis_points"), perHousehold: try columns("per_household"))
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
        return PlannerRecord(id: id, campaignID: campaign, definition: definition)
    }

    /// Whether any plan of the planner is submitted (its definition is then fixed).
    public static func hasSubmittedPlans(_ planner: Planner.ID, on db: some SQLExecutor) async throws -> Bool {
        !(try await db.query("SELECT 1 FROM plans WHERE planner_id = \(planner) AND status = 'submitted' LIMIT 1").isEmpty)
    }
}
