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
        case (.top, _, .first): return try await db.execute(Page<TopOrder, FirstPage>(bindings: binds))
        case (.top, _, _): return try await db.execute(Page<TopOrder, NextPage>(bindings: binds))
        case (.new, _, .first): return try await db.execute(Page<NewOrder, FirstPage>(bindings: binds))
        case (.new, _, _): return try await db.execute(Page<NewOrder, NextPage>(bindings: binds))
        case (.ranking, .net, .first): return try await db.execute(Page<NetRankingOrder, FirstPage>(bindings: binds))
        case (.ranking, .net, _): return try await db.execute(Page<NetRankingOrder, NextPage>(bindings: binds))
        case (.ranking, .positive, .first): return try await db.execute(Page<PositiveRankingOrder, FirstPage>(bindings: binds))
        case (.ranking, .positive, _): return try await db.execute(Page<PositiveRankingOrder, NextPage>(bindings: binds))
        case (.random, _, _): return try await db.query(Proposals.pageQuery(query, wrapped: wrapped, limit: limit))
        }
    }

    /// The exact count of all that match: kept per campaign for an unfiltered list
    /// (Schema 0013), counted otherwise.
    static func count(_ query: ProposalQuery, on db: some SQLExecutor) async throws -> Int {
        if query.isUnfiltered {
            var bindings = PostgresBindings()
            bindings.append(query.campaignID)
            return try await db.execute(ListedCount(bindings: bindings))[0].decode(Int.self)
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

    /// A query whose values do not change its text: the text for the statement.
    static let template = ProposalQuery(campaignID: Campaign.ID(UUID()))

    struct Page<O: Order, S: Shape>: PostgresPreparedStatement {
        static var name: String { "mitreden_proposal_page_\(O.sort.rawValue)_\(O.rule.rawValue)_\(S.shape)" }
        static var sql: String {
            var query = ProposalListStatements.template
            query.sort = O.sort
            query.rankingRule = O.rule
            return Proposals.pageQuery(query, wrapped: false, limit: 0, shape: S.shape).sql
        }
        typealias Row = PostgresRow
        var bindings: PostgresBindings
        func makeBindings() throws -> PostgresBindings { bindings }
        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
    }

    struct ListedCount: PostgresPreparedStatement {
        static let name = "mitreden_proposal_listed_count"
        static let sql = "SELECT coalesce((SELECT listed FROM campaign_listing_counts WHERE campaign_id = $1), 0)::int"
        typealias Row = PostgresRow
        var bindings: PostgresBindings
        func makeBindings() throws -> PostgresBindings { bindings }
        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
    }
}

extension ProposalQuery {
    /// No category, area, status or words: the list as most readers ask for it.
    var isUnfiltered: Bool { category == nil && area == nil && lifecycle == nil && text == nil }
}
