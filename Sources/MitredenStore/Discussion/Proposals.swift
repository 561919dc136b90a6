import Foundation
import MitredenDomain
import PostgresNIO

/// Proposals and their public listing.
public enum Proposals {
    static let columns = """
        p.id, p.campaign_id, c.slug AS campaign_slug, u.slug AS unit_slug, p.title, p.body, cat.slug AS category, a.slug AS area,
        p.cost_cents, p.location::text AS location, p.author_id, acc.display_name AS author_name, p.channel, p.moderation_status,
        p.withdrawn_at, p.merged_into, p.lifecycle_status, coalesce(ru.slug, u.slug) AS responsible_unit, p.created_at,
        pc.supports, pc.comments, pc.pro, pc.contra
        """
    /// What ``columns`` reads besides `proposals p`.
    static let joins = """
        JOIN campaigns c ON c.id = p.campaign_id JOIN organization_units u ON u.id = c.unit_id
        JOIN proposal_counters pc ON pc.proposal_id = p.id
        LEFT JOIN categories cat ON cat.id = p.category_id LEFT JOIN budget_areas a ON a.id = p.area_id
        LEFT JOIN accounts acc ON acc.id = p.author_id LEFT JOIN organization_units ru ON ru.id = p.responsible_unit_id
        """
    static let tables = "proposals p \(joins)"

    static let filterTables = """
        proposals p LEFT JOIN categories cat ON cat.id = p.category_id LEFT JOIN budget_areas a ON a.id = p.area_id
        """

    /// The tables a page is chosen from: the filter's and the counters the orders read.
    static let pageTables = """
        proposals p JOIN proposal_counters pc ON pc.proposal_id = p.id
        LEFT JOIN categories cat ON cat.id = p.category_id LEFT JOIN budget_areas a ON a.id = p.area_id
        """

    /// Inserts a proposal; unknown category or area slugs are refused naming the field.
    public static func insert(
        _ draft: ProposalDraft, campaign: Campaign.ID, author: Account.ID?, channel: ContributionChannel, enteredBy: Account.ID?,
        status: ModerationStatus, now: Date, on db: some SQLExecutor
    ) async throws -> Proposal.ID {
        let (category, area) = try await resolve(draft, campaign: campaign, on: db)
        let published: Date? = status == .published ? now : nil
        let rows = try await db.query(
            """
            INSERT INTO proposals (campaign_id, author_id, channel, entered_by, title, body, category_id, area_id, cost_cents,
                                   location, moderation_status, created_at, published_at)
            VALUES (\(campaign), \(author), \(channel.rawValue), \(enteredBy), \(draft.title), \(draft.body), \(category), \(area),
                    \(draft.costCents), \(draft.location?.json)::jsonb, \(status.rawValue), \(now), \(published))
            RETURNING id
            """)
        let id = try rows[0].decode(Proposal.ID.self)
        if status == .published { try await ResponseDuties.open(for: id, now: now, on: db) }
        return id
    }

    /// Overwrites the editable fields.
    /// Overwrites the editable fields of a proposal that still waits for moderation; false
    /// when it no longer does (decided or withdrawn meanwhile): the status is part of the
    /// statement, so a decision between the service's check and this write wins.
    public static func updatePending(_ id: Proposal.ID, campaign: Campaign.ID, to draft: ProposalDraft, on db: some SQLExecutor) async throws
        -> Bool
    {
        let (category, area) = try await resolve(draft, campaign: campaign, on: db)
        return try await !db.query(
            """
            UPDATE proposals SET title = \(draft.title), body = \(draft.body), category_id = \(category), area_id = \(area),
                cost_cents = \(draft.costCents), location = \(draft.location?.json)::jsonb
            WHERE id = \(id) AND moderation_status = 'pending' AND withdrawn_at IS NULL
            RETURNING id
            """
        ).isEmpty
    }

    public static func setModeration(_ id: Proposal.ID, to status: ModerationStatus, now: Date, on db: some SQLExecutor) async throws {
        try await db.query(
            """
            UPDATE proposals SET moderation_status = \(status.rawValue),
                published_at = CASE WHEN \(status.rawValue) = 'published' THEN coalesce(published_at, \(now)) ELSE published_at END
            WHERE id = \(id)
            """)
        if status == .published { try await ResponseDuties.open(for: id, now: now, on: db) }
    }

    public static func withdraw(_ id: Proposal.ID, now: Date, on db: some SQLExecutor) async throws {
        try await db.query("UPDATE proposals SET withdrawn_at = \(now) WHERE id = \(id)")
    }

    public static func merge(_ id: Proposal.ID, into target: Proposal.ID, on db: some SQLExecutor) async throws {
        try await db.query("UPDATE proposals SET merged_into = \(target) WHERE id = \(id)")
    }

    public static func setLifecycle(_ id: Proposal.ID, to status: LifecycleStatus, on db: some SQLExecutor) async throws {
        try await db.query("UPDATE proposals SET lifecycle_status = \(status.rawValue) WHERE id = \(id)")
    }

    /// The proposal whatever its status; the services decide who may see it. A prepared
    /// statement: a proposal's page and its comments start here.
    public static func find(_ id: Proposal.ID, on db: some SQLExecutor) async throws -> ProposalRecord? {
        var bindings = PostgresBindings()
        bindings.append(id)
        return try await db.rows(FindByID.self, bindings).first.map(Self.decode)
    }

    enum FindByID: StatementText {
        static let name = "mitreden_proposal_by_id"
        static let sql = "SELECT \(Proposals.columns) FROM \(Proposals.tables) WHERE p.id = $1"
    }

    /// Locks the proposal row for the rest of the transaction and returns it.
    public static func lock(_ id: Proposal.ID, on tx: Transaction) async throws -> ProposalRecord? {
        try await tx.query(
            """
            SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.tables) WHERE p.id = \(id) FOR UPDATE OF p
            """
        ).first.map(Self.decode)
    }

    /// One page of published, not withdrawn proposals and the exact count of all that match,
    /// as prepared statements (``ProposalListStatements``).
    ///
    /// The page is chosen first, from the filter's tables and the counters alone, walking
    /// an index in the order's own terms (Schema 0013): the first and the hundredth page
    /// read about as many rows as a page holds. Only those rows are then joined to
    /// campaign, unit, category, area and author.
    public static func list(_ query: ProposalQuery, on db: some SQLExecutor) async throws -> ProposalPage {
        func rows(after cursor: ProposalCursor?, wrapped: Bool, limit: Int) async throws -> [PostgresRow] {
            var part = query
            part.after = cursor
            return try await ProposalListStatements.page(part, wrapped: wrapped, limit: limit, on: db)
        }
        // A random listing reads from its seed's place to the end of the shuffled order,
        // then wraps round to the beginning (`1:` in the cursor): once per listing, the
        // page where it wraps takes a second statement.
        let wrapped = query.sort == .random && query.after?.key.hasPrefix("1:") == true
        var page = try await rows(after: query.after, wrapped: wrapped, limit: query.limit + 1)
        if query.sort == .random, !wrapped, page.count <= query.limit {
            page += try await rows(after: nil, wrapped: true, limit: query.limit + 1 - page.count)
        }
        let total = try await ProposalListStatements.count(query, on: db)
        let items = try page.prefix(query.limit).map(Self.decode)
        var next: ProposalCursor?
        if page.count > query.limit, let last = items.last {
            next = ProposalCursor(sort: query.sort, key: try NamedColumns(page[query.limit - 1])("sort_key"), id: last.id)
        }
        return ProposalPage(items: items, total: total, next: next)
    }

    /// The statement of a page in the query's order: its text depends on the order and the
    /// `shape` alone, every value is a parameter. `.any` holds every filter and the cursor
    /// as optional conditions; `.first` and `.next` (an unfiltered first page, or one after
    /// a cursor) leave out what the request cannot hold, so a generic plan of theirs is as
    /// good as a custom one (``ProposalListStatements``).
    static func pageQuery(_ query: ProposalQuery, wrapped: Bool, limit: Int, shape: PageShape = .any) -> PostgresQuery {
        let (key, order, after, range) = Self.sorting(query.sort, rule: query.rankingRule)
        let cursor =
            switch shape {
            case .any: "AND (q.k IS NULL OR \(after))"
            case .first: ""
            case .next: "AND \(after)"
            }
        return Self.filtered(
            query, select: "p.id, (\(key))::text AS sort_key", from: Self.pageTables,
            then: "AND pc.campaign_id = q.campaign AND \(range) \(cursor) ORDER BY \(order)", limit: limit,
            wrapped: wrapped, filters: shape == .any,
            // Joined flat, page first: nested, the joins would be planned apart from the
            // page (more relations than join_collapse_limit) and read every proposal.
            joinedTo: "SELECT \(Self.columns), page.sort_key FROM page JOIN proposals p ON p.id = page.id \(Self.joins) ORDER BY page.position"
        )
    }

    enum PageShape: Sendable { case any, first, next }

    /// The count of all that match; it reads only the tables the filter reads.
    static func countQuery(_ query: ProposalQuery) -> PostgresQuery {
        Self.filtered(query, select: "count(*)::int", from: Self.filterTables, then: "", limit: nil)
    }

    static let filterConditions = """
        AND (q.category IS NULL OR cat.slug = q.category) AND (q.area IS NULL OR a.slug = q.area)
          AND (q.lifecycle IS NULL OR p.lifecycle_status = q.lifecycle)
        """

    /// The words' condition, only in statements that search. The server's connections plan
    /// with `force_generic_plan`, under which `(q.text IS NULL OR …)` stays a filter on every
    /// proposal of the campaign (measured on 10,000: 200 ms); on its own it is an index
    /// condition on the GIN index `proposals_search`.
    static func textCondition(_ query: ProposalQuery) -> String {
        query.text == nil ? "" : "AND p.search @@ mitreden_search_query(q.text)"
    }

    /// The public filter with the parameters in a one-row CTE, so the fragments (which the
    /// code defines) refer to them by name. `q` must be referenced once only: PostgreSQL
    /// then inlines it, folds `'…' IS NULL` away and can use the indexes; a second
    /// reference (say in LIMIT) materialises it and every list turns into a full scan.
    ///
    /// With `outer`, the filtered rows (`id`, `sort_key`) become the CTE `page`, numbered
    /// in their order as `position`, and `outer` is the statement's final SELECT.
    static func filtered(
        _ query: ProposalQuery, select: String, from tables: String, then tail: String, limit: Int?, wrapped: Bool = false,
        filters: Bool = true, joinedTo outer: String? = nil
    ) -> PostgresQuery {
        """
        WITH q AS (SELECT \(query.campaignID)::uuid AS campaign, \(query.category)::text AS category, \(query.area)::text AS area,
                          \(query.lifecycle?.rawValue)::text AS lifecycle, \(query.text)::text AS text, \(query.seed)::text AS seed,
                          \(query.after?.key)::text AS k, \(query.after?.id)::uuid AS id,
                          \(query.rotation)::float8 AS rotation, \(wrapped)::boolean AS wrapped)
        \(unescaped: outer == nil ? "" : ", page AS MATERIALIZED (SELECT id, sort_key, row_number() OVER () AS position FROM (")
        SELECT \(unescaped: select) FROM \(unescaped: tables) CROSS JOIN q
        WHERE p.campaign_id = q.campaign AND p.moderation_status = 'published' AND p.withdrawn_at IS NULL
          \(unescaped: filters ? Self.filterConditions + Self.textCondition(query) : "")
          \(unescaped: tail)
        LIMIT \(limit)
        \(unescaped: outer.map { ") chosen) \($0)" } ?? "")
        """
    }

    /// Sort key, ORDER BY, the "after the cursor" condition and the range every page of
    /// the order lies in. Every order is ascending in expressions an index of Schema 0013
    /// holds, ending in the id, so the cursor is one row comparison the index answers.
    static func sorting(_ sort: ProposalSort, rule: RankingRule) -> (key: String, order: String, after: String, range: String) {
        switch sort {
        case .top:
            return ("pc.supports", "(- pc.supports), pc.proposal_id", "((- pc.supports), pc.proposal_id) > (- q.k::integer, q.id)", "true")
        case .new:
            // Whole microseconds, so the key survives the round trip through the client exactly.
            return (
                "(extract(epoch FROM p.created_at) * 1000000)::bigint", "p.created_at DESC, p.id DESC",
                "(p.created_at, p.id) < (timestamptz 'epoch' + q.k::bigint * interval '1 microsecond', q.id)", "true"
            )
        case .random:
            // From the seed's place to the end, then (wrapped) from the start to that place.
            // A float8's text is exact (shortest round-trip form), so the cursor is too.
            return (
                "(CASE WHEN q.wrapped THEN '1:' ELSE '0:' END) || p.shuffle_key::text", "p.shuffle_key, p.id",
                "(p.shuffle_key, p.id) > (split_part(q.k, ':', 2)::float8, q.id)",
                "(CASE WHEN q.wrapped THEN p.shuffle_key < q.rotation ELSE p.shuffle_key >= q.rotation END)"
            )
        case .ranking:
            // The keys of ``ProposalRanking``'s order, each made ascending.
            let keys =
                switch rule {
                case .net: ["(pc.contra - pc.pro)", "(- pc.pro)", "(- pc.supports)"]
                case .positive: ["(- pc.pro)", "pc.contra", "(- pc.supports)"]
                }
            let cursor = (1...3).map { "split_part(q.k, ':', \($0))::integer" }
            return (
                keys.joined(separator: " || ':' || "), (keys + ["pc.proposal_id"]).joined(separator: ", "),
                "(\(keys.joined(separator: ", ")), pc.proposal_id) > (\(cursor.joined(separator: ", ")), q.id)", "true"
            )
        case .relevance:
            // Every match is ranked (the GIN index finds them; no index holds a rank), so
            // a page costs O(matches in the campaign), not O(page): Benchmarks/ measures it.
            let rank = "ts_rank(p.search, mitreden_search_query(q.text))"
            return (rank, "(- \(rank)), p.id", "((- \(rank)), p.id) > (- q.k::float4, q.id)", "true")
        }
    }

    /// The ids of the draft's category and area, named by slug.
    private static func resolve(_ draft: ProposalDraft, campaign: Campaign.ID, on db: some SQLExecutor) async throws -> (UUID?, BudgetArea.ID?) {
        var category: UUID?
        if let slug = draft.category {
            let rows = try await db.query("SELECT id FROM categories WHERE campaign_id = \(campaign) AND slug = \(slug)")
            guard let row = rows.first else { throw ServiceError.invalid("category", "the campaign has no category '\(slug)'") }
            category = try row.decode(UUID.self)
        }
        var area: BudgetArea.ID?
        if let slug = draft.area {
            guard let id = try await Campaigns.area(slug, of: campaign, on: db) else {
                throw ServiceError.invalid("area", "the campaign has no area '\(slug)'")
            }
            area = id
        }
        return (category, area)
    }

    static func decode(_ row: PostgresRow) throws -> ProposalRecord {
        let column = NamedColumns(row)
        let fields = ProposalDraft(
            title: try column("title"), body: try column("body"), category: try column("category"), area: try column("area"),
            costCents: try column("cost_cents"), location: try column("location", as: String?.self).map(GeoLocation.init(stored:))
        )
        return ProposalRecord(
            id: try column("id"), campaignID: try column("campaign_id"), campaignSlug: try column("campaign_slug"),
            campaignUnit: try column("unit_slug"), fields: fields, authorID: try column("author_id"), authorName: try column("author_name"),
            channel: try column.stored("channel"), moderationStatus: try column.stored("moderation_status"),
            withdrawnAt: try column("withdrawn_at"), mergedInto: try column("merged_into"),
            lifecycleStatus: try column.stored("lifecycle_status"), responsibleUnit: try column("responsible_unit"),
            createdAt: try column("created_at"), supports: Int(try column("supports", as: Int32.self)),
            comments: Int(try column("comments", as: Int32.self)), pro: Int(try column("pro", as: Int32.self)),
            contra: Int(try column("contra", as: Int32.self))
        )
    }
}
