import Foundation
import MitredenDomain
import PostgresNIO

/// One line of a campaign's routing: proposals of this category (and/or area) go to `unit`.
public struct CampaignRoute: Sendable, Equatable {
    public var category: String?
    public var area: String?
    public var unit: String

    public init(category: String?, area: String?, unit: String) {
        self.category = category
        self.area = area
        self.unit = unit
    }
}

/// Which unit answers which of a campaign's proposals (Schema 0023, `campaign_routes`).
public enum CampaignRoutes {
    /// Replaces the campaign's routing; an unknown category, area or unit is refused naming
    /// the line (`routes[2].unit`).
    public static func replace(_ routes: [CampaignRoute], of campaign: Campaign.ID, on tx: Transaction) async throws {
        try await tx.query("DELETE FROM campaign_routes WHERE campaign_id = \(campaign)")
        for (index, route) in routes.enumerated() {
            let rows = try await tx.query(
                """
                SELECT (SELECT id FROM categories WHERE campaign_id = \(campaign) AND slug = \(route.category)) AS category,
                       (SELECT id FROM budget_areas WHERE campaign_id = \(campaign) AND slug = \(route.area)) AS area,
                       (SELECT id FROM organization_units WHERE slug = \(route.unit)) AS unit
                """)
            let (category, area, unit) = try rows[0].decode((UUID?, UUID?, UUID?).self)
            var problems: [FieldProblem] = []
            if route.category == nil, route.area == nil {
                problems.append(.init(field: "routes[\(index)]", message: "names neither a category nor an area"))
            }
            if route.category != nil, category == nil {
                problems.append(.init(field: "routes[\(index)].category", message: "is not a category of the campaign"))
            }
            if route.area != nil, area == nil { problems.append(.init(field: "routes[\(index)].area", message: "is not an area of the campaign")) }
            if unit == nil { problems.append(.init(field: "routes[\(index)].unit", message: "is not a unit")) }
            guard problems.isEmpty else { throw ServiceError.invalid(problems) }
            do {
                try await tx.query(
                    "INSERT INTO campaign_routes (campaign_id, category_id, area_id, unit_id) VALUES (\(campaign), \(category), \(area), \(unit))")
            } catch  where SQLState.of(error) == SQLState.uniqueViolation {
                throw ServiceError.invalid([.init(field: "routes[\(index)]", message: "repeats an earlier route's category and area")])
            }
        }
    }

    /// The routing, most specific first.
    public static func list(of campaign: Campaign.ID, on db: some SQLExecutor) async throws -> [CampaignRoute] {
        try await db.query(
            """
            SELECT cat.slug, a.slug, u.slug FROM campaign_routes r JOIN organization_units u ON u.id = r.unit_id
            LEFT JOIN categories cat ON cat.id = r.category_id LEFT JOIN budget_areas a ON a.id = r.area_id
            WHERE r.campaign_id = \(campaign) ORDER BY r.id
            """
        ).map { row in
            let (category, area, unit) = try row.decode((String?, String?, String).self)
            return CampaignRoute(category: category, area: area, unit: unit)
        }
    }

    /// The unit a published proposal goes to: the route naming its category and area, else
    /// its category, else its area, else the campaign's own unit. SQL, as a subquery of the
    /// assignment in ``ResponseDuties/open(for:now:on:)``.
    static let routedUnit = """
        coalesce((SELECT r.unit_id FROM campaign_routes r
                  WHERE r.campaign_id = p.campaign_id
                    AND (r.category_id IS NULL OR r.category_id = p.category_id)
                    AND (r.area_id IS NULL OR r.area_id = p.area_id)
                  ORDER BY (r.category_id IS NOT NULL) DESC, (r.area_id IS NOT NULL) DESC LIMIT 1),
                 c.unit_id)
        """
}
