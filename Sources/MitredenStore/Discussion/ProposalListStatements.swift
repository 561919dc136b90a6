import Foundation
import MitredenDomain
import PostgresNIO

/// The proposal list, the most-read page of a vote night. An unfiltered page in a
/// keyset order (`top`, `new`, `ranking`) — nearly every request — is a named prepared
/// statement planned once per connection: the server's connections use generic plans for
/// their prepared statements (``DatabaseURL/clientConfiguration(poolSize:)``), and the
/// statement of such a page holds no optional condition a generic plan could not use. A
/// filtered page, its count and the seeded random order run as unnamed statements and are
/// planned for their values each time: a generic plan cannot drop the filters a request
/// leaves out (measured: 30 ms against 0.6 ms).
enum ProposalListStatements {
    static func page(_ query: ProposalQuery, wrapped: Bool, limit: Int, on db: some SQLExecutor) async throws -> [PostgresRow] {
        guard query.isUnfiltered, query.sort != .random else {
            return try await db.query(Proposals.pageQuery(query, wrapped: wrapped, limit: limit))
        }
        let shape: Proposals.PageShape = query.after == nil ? .first : .next
        let binds = Proposals.pageQuery(query, wrapped: wrapped, limit: limit, shape: shape).binds
        switch (query.sort, query.rankingRule, shape) {
        case (.top, _, .first): return try await db.rows(Page<TopOrder, FirstPage>.self, binds)
        case (.top, _, _): return try await db.rows(Page<TopOrder, NextPage>.self, binds)
        case (.new, _, .first): return try await db.rows(Page<NewOrder, FirstPage>.self, binds)
        case (.new, _, _): return try await db.rows(Page<NewOrder, NextPage>.self, binds)
        case (.ranking, .net, .first): return try await db.rows(Page<NetRankingOrder, FirstPage>.self, binds)
        case (.ranking, .net, _): return try await db.rows(Page<NetRankingOrder, NextPage>.self, binds)
        case (.ranking, .positive, .first): return try await db.rows(Page<PositiveRankingOrder, FirstPage>.self, binds)
        case (.ranking, .positive, _): return try await db.rows(Page<PositiveRankingOrder, NextPage>.self, binds)
        case (.random, _, _), (.relevance, _, _): return try await db.query(Proposals.pageQuery(query, wrapped: wrapped, limit: limit))
        }
    }

    /// The exact count of all that match: kept per campaign for an unfiltered list
    /// (Schema 0013), counted otherwise.
    static func count(_ query: ProposalQuery, on db: some SQLExecutor) async throws -> Int {
        if query.isUnfiltered {
            var bindings = PostgresBindings()
            bindings.append(query.campaignID)
            return try await db.rows(ListedCount.self, bindings)[0].decode(Int.self)
        }
        return try await db.query(Proposals.countQuery(query))[0].decode(Int.self)
    }

    /// One order of the list.
    protocol Order {
        static var sort: ProposalSort { get }
        static var rule: RankingRule { get }
    }
    enum TopOrder: Order {
        static let sort = ProposalSort.top
        static let rule = RankingRule.net
    }
    enum NewOrder: Order {
        static let sort = ProposalSort.new
        static let rule = RankingRule.net
    }
    enum NetRankingOrder: Order {
        static let sort = ProposalSort.ranking
        static let rule = RankingRule.net
    }
    enum PositiveRankingOrder: Order {
        static let sort = ProposalSort.ranking
        static let rule = RankingRule.positive
    }

    /// The first page or one after a cursor.
    protocol Shape { static var shape: Proposals.PageShape { get } }
    enum FirstPage: Shape { static let shape = Proposals.PageShape.first }
    enum NextPage: Shape { static let shape = Proposals.PageShape.next }

    /// The statement of one order and shape. Its text is made once, when first used
    /// (``texts``): PostgresNIO reads it on every execution.
    enum Page<O: Order, S: Shape>: StatementText {
        static var name: String { ProposalListStatements.name(O.sort, O.rule, S.shape) }
        static var sql: String { ProposalListStatements.texts[name] ?? "" }
    }

    static func name(_ sort: ProposalSort, _ rule: RankingRule, _ shape: Proposals.PageShape) -> String {
        "mitreden_proposal_page_\(sort.rawValue)_\(rule.rawValue)_\(shape)"
    }

    /// The text of every prepared page, by name; a query whose values do not change its
    /// text makes them.
    static let texts: [String: String] = {
        let orders: [(ProposalSort, RankingRule)] = [(.top, .net), (.new, .net), (.ranking, .net), (.ranking, .positive)]
        var texts: [String: String] = [:]
        for (sort, rule) in orders {
            for shape in [Proposals.PageShape.first, .next] {
                var query = ProposalQuery(campaignID: Campaign.ID(UUID()), sort: sort)
                query.rankingRule = rule
                texts[name(sort, rule, shape)] = Proposals.pageQuery(query, wrapped: false, limit: 0, shape: shape).sql
            }
        }
        return texts
    }()

    enum ListedCount: StatementText {
        static let name = "mitreden_proposal_listed_count"
        static let sql = "SELECT coalesce((SELECT listed FROM campaign_listing_counts WHERE campaign_id = $1), 0)::int"
    }
}

extension ProposalQuery {
    /// No category, area, status or words: the list as most readers ask for it.
    var isUnfiltered: Bool { category == nil && area == nil && lifecycle == nil && text == nil }
}
