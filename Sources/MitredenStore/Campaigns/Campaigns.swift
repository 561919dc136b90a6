import Foundation
import MitredenDomain
import PostgresNIO

/// Campaigns with their phases, categories and budget areas.
public struct Campaigns: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

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
    public func insert(_ draft: CampaignDraft, unit: UUID, on connection: PostgresConnection) async throws -> UUID {
        let settings = try Self.encode(draft.settings)
        do {
            let rows = try await connection.query("""
                INSERT INTO campaigns (unit_id, slug, title, summary, description, kind, proposal_moderation, comment_moderation, settings)
                VALUES (\(unit), \(draft.slug), \(draft.title), \(draft.summary), \(draft.description), \(draft.kind.rawValue),
                        \(draft.proposalModeration.rawValue), \(draft.commentModeration.rawValue), \(settings)::jsonb)
                RETURNING id
                """, logger: database.logger).collect()
            return try rows[0].decode(UUID.self)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw StoreError.conflict("a campaign with the slug '\(draft.slug)' exists already")
        }
    }

    /// Overwrites the campaign's own fields (not its slug or unit).
    public func update(_ id: UUID, to draft: CampaignDraft, on connection: PostgresConnection) async throws {
        let settings = try Self.encode(draft.settings)
        try await connection.query("""
            UPDATE campaigns SET title = \(draft.title), summary = \(draft.summary), description = \(draft.description),
              proposal_moderation = \(draft.proposalModeration.rawValue), comment_moderation = \(draft.commentModeration.rawValue),
              settings = \(settings)::jsonb
            WHERE id = \(id)
            """, logger: database.logger)
    }

    public func setStatus(_ id: UUID, _ status: CampaignStatus, now: Date, on connection: PostgresConnection) async throws {
        try await connection.query("""
            UPDATE campaigns SET status = \(status.rawValue),
              published_at = CASE WHEN \(status.rawValue) = 'published' THEN coalesce(published_at, \(now)) ELSE published_at END
            WHERE id = \(id)
            """, logger: database.logger)
    }

    /// Replaces the whole schedule. The exclusion constraint refuses overlapping windows
    /// even when the caller's own check was bypassed.
    public func replacePhases(_ id: UUID, with windows: [PhaseWindow], on connection: PostgresConnection) async throws {
        try await connection.query("DELETE FROM phases WHERE campaign_id = \(id)", logger: database.logger)
        for (position, window) in windows.enumerated() {
            do {
                try await connection.query("""
                    INSERT INTO phases (campaign_id, position, kind, starts_at, ends_at)
                    VALUES (\(id), \(position), \(window.kind.rawValue), \(window.startsAt), \(window.endsAt))
                    """, logger: database.logger)
            } catch let error as PSQLError where ["23P01", "23514"].contains(error.serverInfo?[.sqlState]) {
                throw StoreError.invalid(field: "phases[\(position)]", message: "the \(window.kind.rawValue) phase overlaps another phase or ends before it starts")
            }
        }
    }

    public func addCategory(_ category: CategoryRecord, position: Int, to id: UUID, on connection: PostgresConnection) async throws {
        do {
            try await connection.query("""
                INSERT INTO categories (campaign_id, slug, name, position) VALUES (\(id), \(category.slug), \(category.name), \(position))
                """, logger: database.logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw StoreError.invalid(field: "categories[\(position)].slug", message: "'\(category.slug)' appears twice")
        }
    }

    public func addArea(_ area: BudgetAreaRecord, position: Int, to id: UUID, on connection: PostgresConnection) async throws {
        do {
            try await connection.query("""
                INSERT INTO budget_areas (campaign_id, slug, name, budget_cents, position)
                VALUES (\(id), \(area.slug), \(area.name), \(area.budgetCents), \(position))
                """, logger: database.logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw StoreError.invalid(field: "areas[\(position)].slug", message: "'\(area.slug)' appears twice")
        }
    }

    /// The campaign with this slug, whatever its status; callers decide who may see it.
    public func find(slug: String) async throws -> CampaignRecord? {
        try await database.query("""
            SELECT \(unescaped: Self.columns) FROM campaigns c JOIN organization_units u ON u.id = c.unit_id WHERE c.slug = \(slug)
            """).first.map(Self.decode)
    }

    /// One page of campaigns by slug after `cursor`: published and archived ones, plus drafts
    /// of `draftUnits` (every draft when nil, for admins).
    public func list(draftUnits: [String]?, after cursor: String?, limit: Int) async throws -> [CampaignRecord] {
        let allDrafts = draftUnits == nil
        let units = draftUnits ?? []
        return try await database.query("""
            SELECT \(unescaped: Self.columns) FROM campaigns c JOIN organization_units u ON u.id = c.unit_id
            WHERE (c.status <> 'draft' OR \(allDrafts) OR u.slug = ANY(\(units)))
              AND (\(cursor)::text IS NULL OR c.slug > \(cursor))
            ORDER BY c.slug LIMIT \(limit)
            """).map(Self.decode)
    }

    public func count() async throws -> Int {
        try await database.query("SELECT count(*)::int FROM campaigns")[0].decode(Int.self)
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
