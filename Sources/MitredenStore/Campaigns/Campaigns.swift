import Foundation
import MitredenDomain
import PostgresNIO

/// Campaigns with their phases, categories and budget areas.
public enum Campaigns {
    /// The campaign row and, as arrays, its schedule, categories and areas: every request
    /// that checks a phase reads a campaign, so it costs one round trip, not four.
    static let columns = """
        c.id, u.slug AS unit_slug, c.slug, c.title, c.summary, c.description, c.kind, c.status,
        c.proposal_moderation, c.comment_moderation, c.settings::text AS settings, c.created_at,
        ARRAY(SELECT kind FROM phases WHERE campaign_id = c.id ORDER BY starts_at) AS phase_kinds,
        ARRAY(SELECT starts_at FROM phases WHERE campaign_id = c.id ORDER BY starts_at) AS phase_starts,
        ARRAY(SELECT ends_at FROM phases WHERE campaign_id = c.id ORDER BY starts_at) AS phase_ends,
        ARRAY(SELECT slug FROM categories WHERE campaign_id = c.id ORDER BY position, slug) AS category_slugs,
        ARRAY(SELECT name FROM categories WHERE campaign_id = c.id ORDER BY position, slug) AS category_names,
        ARRAY(SELECT slug FROM budget_areas WHERE campaign_id = c.id ORDER BY position, slug) AS area_slugs,
        ARRAY(SELECT name FROM budget_areas WHERE campaign_id = c.id ORDER BY position, slug) AS area_names,
        ARRAY(SELECT budget_cents FROM budget_areas WHERE campaign_id = c.id ORDER BY position, slug) AS area_budgets,
        EXISTS (SELECT 1 FROM planners WHERE campaign_id = c.id) AS has_planner
        """

    /// Inserts a draft campaign owned by `unit`; a taken slug is a conflict naming it.
    public static func insert(_ draft: CampaignDraft, unit: OrganizationUnit.ID, on tx: Transaction) async throws -> Campaign.ID {
        let settings = try Self.encode(draft.settings)
        do {
            let rows = try await tx.query(
                """
                INSERT INTO campaigns (unit_id, slug, title, summary, description, kind, proposal_moderation, comment_moderation, settings)
                VALUES (\(unit), \(draft.slug), \(draft.title), \(draft.summary), \(draft.description), \(draft.kind.rawValue),
                        \(draft.proposalModeration.rawValue), \(draft.commentModeration.rawValue), \(settings)::jsonb)
                RETURNING id
                """)
            return try rows[0].decode(Campaign.ID.self)
        } catch  where SQLState.of(error) == SQLState.uniqueViolation {
            throw ServiceError.conflict(.exists, "a campaign with the slug '\(draft.slug)' exists already")
        }
    }

    /// Overwrites the campaign's own fields (not its slug or unit).
    public static func update(_ id: Campaign.ID, to draft: CampaignDraft, on db: some SQLExecutor) async throws {
        let settings = try Self.encode(draft.settings)
        try await db.query(
            """
            UPDATE campaigns SET title = \(draft.title), summary = \(draft.summary), description = \(draft.description),
              proposal_moderation = \(draft.proposalModeration.rawValue), comment_moderation = \(draft.commentModeration.rawValue),
              settings = \(settings)::jsonb
            WHERE id = \(id)
            """)
    }

    public static func setStatus(_ id: Campaign.ID, _ status: CampaignStatus, now: Date, on db: some SQLExecutor) async throws {
        try await db.query(
            """
            UPDATE campaigns SET status = \(status.rawValue),
              published_at = CASE WHEN \(status.rawValue) = 'published' THEN coalesce(published_at, \(now)) ELSE published_at END
            WHERE id = \(id)
            """)
    }

    /// Replaces the whole schedule. The exclusion constraint refuses overlapping windows
    /// even when the caller's own check was bypassed.
    public static func replacePhases(_ id: Campaign.ID, with windows: [PhaseWindow], on tx: Transaction) async throws {
        try await tx.query("DELETE FROM phases WHERE campaign_id = \(id)")
        for (position, window) in windows.enumerated() {
            do {
                try await tx.query(
                    """
                    INSERT INTO phases (campaign_id, position, kind, starts_at, ends_at)
                    VALUES (\(id), \(position), \(window.kind.rawValue), \(window.startsAt), \(window.endsAt))
                    """)
            } catch  where [SQLState.exclusionViolation, SQLState.checkViolation].contains(SQLState.of(error)) {
                throw ServiceError.invalid("phases[\(position)]", "the \(window.kind.rawValue) phase overlaps another phase or ends before it starts")
            }
        }
    }

    public static func addCategory(_ category: CategoryRecord, position: Int, to id: Campaign.ID, on tx: Transaction) async throws {
        do {
            try await tx.query(
                """
                INSERT INTO categories (campaign_id, slug, name, position) VALUES (\(id), \(category.slug), \(category.name), \(position))
                """)
        } catch  where SQLState.of(error) == SQLState.uniqueViolation {
            throw ServiceError.invalid("categories[\(position)].slug", "'\(category.slug)' appears twice")
        }
    }

    public static func addArea(_ area: BudgetAreaRecord, position: Int, to id: Campaign.ID, on tx: Transaction) async throws {
        do {
            try await tx.query(
                """
                INSERT INTO budget_areas (campaign_id, slug, name, budget_cents, position)
                VALUES (\(id), \(area.slug), \(area.name), \(area.budgetCents), \(position))
                """)
        } catch  where SQLState.of(error) == SQLState.uniqueViolation {
            throw ServiceError.invalid("areas[\(position)].slug", "'\(area.slug)' appears twice")
        }
    }

    /// The campaign with this slug, whatever its status; callers decide who may see it.
    /// Nearly every request of a campaign starts here, so it is a prepared statement.
    public static func find(slug: String, on db: some SQLExecutor) async throws -> CampaignRecord? {
        var bindings = PostgresBindings()
        bindings.append(slug)
        return try await db.rows(FindBySlug.self, bindings).first.map(Self.decode)
    }

    enum FindBySlug: StatementText {
        static let name = "mitreden_campaign_by_slug"
        static let sql = "SELECT \(Campaigns.columns) FROM campaigns c JOIN organization_units u ON u.id = c.unit_id WHERE c.slug = $1"
    }

    /// One page of campaigns by slug after `cursor`: published and archived ones, plus drafts
    /// of `draftUnits` (every draft when nil, for admins).
    public static func list(draftUnits: [String]?, after cursor: String?, limit: Int, on db: some SQLExecutor) async throws -> [CampaignRecord] {
        let allDrafts = draftUnits == nil
        let units = draftUnits ?? []
        return try await db.query(
            """
            SELECT \(unescaped: Self.columns) FROM campaigns c JOIN organization_units u ON u.id = c.unit_id
            WHERE (c.status <> 'draft' OR \(allDrafts) OR u.slug = ANY(\(units)))
              AND (\(cursor)::text IS NULL OR c.slug > \(cursor))
            ORDER BY c.slug LIMIT \(limit)
            """
        ).map(Self.decode)
    }

    public static func count(on db: some SQLExecutor) async throws -> Int {
        try await db.query("SELECT count(*)::int FROM campaigns")[0].decode(Int.self)
    }

    static func encode(_ settings: CampaignSettings) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(settings), as: UTF8.self)
    }

    /// The id of the campaign's area with `slug`: the one look-up of an area by its slug.
    public static func area(_ slug: String, of campaign: Campaign.ID, on db: some SQLExecutor) async throws -> BudgetArea.ID? {
        try await db.query("SELECT id FROM budget_areas WHERE campaign_id = \(campaign) AND slug = \(slug)")
            .first?.decode(BudgetArea.ID.self)
    }

    static func decode(_ row: PostgresRow) throws -> CampaignRecord {
        let column = NamedColumns(row)
        let fields = CampaignDraft(
            slug: try column("slug"), title: try column("title"), summary: try column("summary"), description: try column("description"),
            kind: try column.stored("kind"), proposalModeration: try column.stored("proposal_moderation"),
            commentModeration: try column.stored("comment_moderation"),
            settings: try JSONDecoder().decode(CampaignSettings.self, from: Data(try column("settings", as: String.self).utf8))
        )
        let (kinds, starts, ends) = (
            try column("phase_kinds", as: [String].self), try column("phase_starts", as: [Date].self),
            try column("phase_ends", as: [Date].self)
        )
        let (categorySlugs, categoryNames) = (try column("category_slugs", as: [String].self), try column("category_names", as: [String].self))
        let (areaSlugs, areaNames, budgets) = (
            try column("area_slugs", as: [String].self), try column("area_names", as: [String].self),
            try column("area_budgets", as: [Int64].self)
        )
        return CampaignRecord(
            id: try column("id"), unitSlug: try column("unit_slug"), fields: fields, status: try column.stored("status"),
            phases: try kinds.indices.map { PhaseWindow(kind: try PhaseKind(stored: kinds[$0]), startsAt: starts[$0], endsAt: ends[$0]) },
            categories: categorySlugs.indices.map { CategoryRecord(slug: categorySlugs[$0], name: categoryNames[$0]) },
            areas: areaSlugs.indices.map { BudgetAreaRecord(slug: areaSlugs[$0], name: areaNames[$0], budgetCents: budgets[$0]) },
            createdAt: try column("created_at"), hasPlanner: try column("has_planner")
        )
    }
}
