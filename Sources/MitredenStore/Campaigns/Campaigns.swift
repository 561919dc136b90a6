import Foundation
import MitredenDomain
import PostgresNIO

/// Campaigns with their phases, categories and budget areas.
public enum Campaigns {
    /// The campaign row and, as arrays, its schedule, categories and areas: every request
    /// that checks a phase reads a campaign, so it costs one round trip, not four.
    static let columns = """
        c.id, u.slug, c.slug, c.title, c.summary, c.description, c.kind, c.status,
        c.proposal_moderation, c.comment_moderation, c.settings::text, c.created_at,
        ARRAY(SELECT kind FROM phases WHERE campaign_id = c.id ORDER BY starts_at),
        ARRAY(SELECT starts_at FROM phases WHERE campaign_id = c.id ORDER BY starts_at),
        ARRAY(SELECT ends_at FROM phases WHERE campaign_id = c.id ORDER BY starts_at),
        ARRAY(SELECT slug FROM categories WHERE campaign_id = c.id ORDER BY position, slug),
        ARRAY(SELECT name FROM categories WHERE campaign_id = c.id ORDER BY position, slug),
        ARRAY(SELECT slug FROM budget_areas WHERE campaign_id = c.id ORDER BY position, slug),
        ARRAY(SELECT name FROM budget_areas WHERE campaign_id = c.id ORDER BY position, slug),
        ARRAY(SELECT budget_cents FROM budget_areas WHERE campaign_id = c.id ORDER BY position, slug)
        """

    /// Inserts a draft campaign owned by `unit`; a taken slug is a conflict naming it.
    public static func insert(_ draft: CampaignDraft, unit: UUID, on tx: Transaction) async throws -> UUID {
        let settings = try Self.encode(draft.settings)
        do {
            let rows = try await tx.query("""
                INSERT INTO campaigns (unit_id, slug, title, summary, description, kind, proposal_moderation, comment_moderation, settings)
                VALUES (\(unit), \(draft.slug), \(draft.title), \(draft.summary), \(draft.description), \(draft.kind.rawValue),
                        \(draft.proposalModeration.rawValue), \(draft.commentModeration.rawValue), \(settings)::jsonb)
                RETURNING id
                """)
            return try rows[0].decode(UUID.self)
        } catch where SQLState.of(error) == SQLState.uniqueViolation {
            throw ServiceError.conflict(.exists, "a campaign with the slug '\(draft.slug)' exists already")
        }
    }

    /// Overwrites the campaign's own fields (not its slug or unit).
    public static func update(_ id: UUID, to draft: CampaignDraft, on db: some SQLExecutor) async throws {
        let settings = try Self.encode(draft.settings)
        try await db.query("""
            UPDATE campaigns SET title = \(draft.title), summary = \(draft.summary), description = \(draft.description),
              proposal_moderation = \(draft.proposalModeration.rawValue), comment_moderation = \(draft.commentModeration.rawValue),
              settings = \(settings)::jsonb
            WHERE id = \(id)
            """)
    }

    public static func setStatus(_ id: UUID, _ status: CampaignStatus, now: Date, on db: some SQLExecutor) async throws {
        try await db.query("""
            UPDATE campaigns SET status = \(status.rawValue),
              published_at = CASE WHEN \(status.rawValue) = 'published' THEN coalesce(published_at, \(now)) ELSE published_at END
            WHERE id = \(id)
            """)
    }

    /// Replaces the whole schedule. The exclusion constraint refuses overlapping windows
    /// even when the caller's own check was bypassed.
    public static func replacePhases(_ id: UUID, with windows: [PhaseWindow], on tx: Transaction) async throws {
        try await tx.query("DELETE FROM phases WHERE campaign_id = \(id)")
        for (position, window) in windows.enumerated() {
            do {
                try await tx.query("""
                    INSERT INTO phases (campaign_id, position, kind, starts_at, ends_at)
                    VALUES (\(id), \(position), \(window.kind.rawValue), \(window.startsAt), \(window.endsAt))
                    """)
            } catch where [SQLState.exclusionViolation, SQLState.checkViolation].contains(SQLState.of(error)) {
                throw ServiceError.invalid("phases[\(position)]", "the \(window.kind.rawValue) phase overlaps another phase or ends before it starts")
            }
        }
    }

    public static func addCategory(_ category: CategoryRecord, position: Int, to id: UUID, on tx: Transaction) async throws {
        do {
            try await tx.query("""
                INSERT INTO categories (campaign_id, slug, name, position) VALUES (\(id), \(category.slug), \(category.name), \(position))
                """)
        } catch where SQLState.of(error) == SQLState.uniqueViolation {
            throw ServiceError.invalid("categories[\(position)].slug", "'\(category.slug)' appears twice")
        }
    }

    public static func addArea(_ area: BudgetAreaRecord, position: Int, to id: UUID, on tx: Transaction) async throws {
        do {
            try await tx.query("""
                INSERT INTO budget_areas (campaign_id, slug, name, budget_cents, position)
                VALUES (\(id), \(area.slug), \(area.name), \(area.budgetCents), \(position))
                """)
        } catch where SQLState.of(error) == SQLState.uniqueViolation {
            throw ServiceError.invalid("areas[\(position)].slug", "'\(area.slug)' appears twice")
        }
    }

    /// The campaign with this slug, whatever its status; callers decide who may see it.
    public static func find(slug: String, on db: some SQLExecutor) async throws -> CampaignRecord? {
        try await db.query("""
            SELECT \(unescaped: Self.columns) FROM campaigns c JOIN organization_units u ON u.id = c.unit_id WHERE c.slug = \(slug)
            """).first.map(Self.decode)
    }

    /// One page of campaigns by slug after `cursor`: published and archived ones, plus drafts
    /// of `draftUnits` (every draft when nil, for admins).
    public static func list(draftUnits: [String]?, after cursor: String?, limit: Int, on db: some SQLExecutor) async throws -> [CampaignRecord] {
        let allDrafts = draftUnits == nil
        let units = draftUnits ?? []
        return try await db.query("""
            SELECT \(unescaped: Self.columns) FROM campaigns c JOIN organization_units u ON u.id = c.unit_id
            WHERE (c.status <> 'draft' OR \(allDrafts) OR u.slug = ANY(\(units)))
              AND (\(cursor)::text IS NULL OR c.slug > \(cursor))
            ORDER BY c.slug LIMIT \(limit)
            """).map(Self.decode)
    }

    public static func count(on db: some SQLExecutor) async throws -> Int {
        try await db.query("SELECT count(*)::int FROM campaigns")[0].decode(Int.self)
    }

    static func encode(_ settings: CampaignSettings) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(settings), as: UTF8.self)
    }

    static func decode(_ row: PostgresRow) throws -> CampaignRecord {
        let columns = row.makeRandomAccess()
        func text(_ index: Int) throws -> String { try columns[index].decode(String.self) }
        let (id, unit, slug, title, summary, description) = try (columns[0].decode(UUID.self), text(1), text(2), text(3), text(4), text(5))
        let (kind, status, proposalMode, commentMode, settings) = try (text(6), text(7), text(8), text(9), text(10))
        let created = try columns[11].decode(Date.self)
        let fields = CampaignDraft(
            slug: slug, title: title, summary: summary, description: description,
            kind: CampaignKind(rawValue: kind) ?? .dialogue,
            proposalModeration: ModerationMode(rawValue: proposalMode) ?? .pre,
            commentModeration: ModerationMode(rawValue: commentMode) ?? .pre,
            settings: try JSONDecoder().decode(CampaignSettings.self, from: Data(settings.utf8))
        )
        let (kinds, starts, ends) = try (columns[12].decode([String].self), columns[13].decode([Date].self), columns[14].decode([Date].self))
        let (categorySlugs, categoryNames) = try (columns[15].decode([String].self), columns[16].decode([String].self))
        let (areaSlugs, areaNames, budgets) = try (columns[17].decode([String].self), columns[18].decode([String].self), columns[19].decode([Int64].self))
        return CampaignRecord(
            id: id, unitSlug: unit, fields: fields, status: CampaignStatus(rawValue: status) ?? .draft,
            phases: kinds.indices.map { PhaseWindow(kind: PhaseKind(rawValue: kinds[$0]) ?? .information, startsAt: starts[$0], endsAt: ends[$0]) },
            categories: categorySlugs.indices.map { CategoryRecord(slug: categorySlugs[$0], name: categoryNames[$0]) },
            areas: areaSlugs.indices.map { BudgetAreaRecord(slug: areaSlugs[$0], name: areaNames[$0], budgetCents: budgets[$0]) },
            createdAt: created
        )
    }
}
