import Foundation
import MitredenDomain
import PostgresNIO

/// What a signed-in reader holds on a proposal: their support and their rating.
public struct MyVote: Sendable, Equatable {
    public var supported: Bool
    /// 1 pro, -1 contra, nil when not rated.
    public var rating: Int?

    public init(supported: Bool, rating: Int?) {
        self.supported = supported
        self.rating = rating
    }
}

/// A support of the caller's own.
public struct MySupport: Sendable, Equatable {
    public var proposalID: Proposal.ID
    public var campaignSlug: String
    /// The proposal's title while it is public (or the caller's own); nil once taken down.
    public var proposalTitle: String?
    public var withdrawn: Bool
    public var supportedAt: Date
}

/// One choice of a ballot of the caller's own, with the proposal it names.
public struct MyBallotChoice: Sendable, Equatable {
    public var proposalID: Proposal.ID
    public var title: String
    public var costCents: Int64?
    /// Points of a cumulative ballot; nil for other ballots.
    public var points: Int?
}

/// A ballot of the caller's own in one area of a campaign.
public struct MyBallot: Sendable, Equatable {
    public var id: Ballot.ID
    public var campaignSlug: String
    public var areaSlug: String
    public var choices: [MyBallotChoice]
    public var totalCostCents: Int64
    public var submittedAt: Date
}

/// A person's votes: what they hold on the proposals of a page, their supports and their
/// ballots. Their own: ballot secrecy protects a voter from others, not from themselves.
public enum MyVotes {
    /// The reader's support and rating of each proposal of `proposals`, in one statement
    /// for a whole page (both primary keys lead with the proposal): a proposal without
    /// either is `supported: false, rating: nil`.
    public static func votes(on proposals: [Proposal.ID], by account: Account.ID, on db: some SQLExecutor) async throws -> [Proposal.ID: MyVote] {
        guard !proposals.isEmpty else { return [:] }
        var bindings = PostgresBindings()
        bindings.append(proposals)
        bindings.append(account)
        var votes: [Proposal.ID: MyVote] = [:]
        for row in try await db.rows(VotesOnPage.self, bindings) {
            let column = NamedColumns(row)
            let id: Proposal.ID = try column("id")
            votes[id] = MyVote(supported: try column("supported"), rating: try column("rating", as: Int32?.self).map(Int.init))
        }
        return votes
    }

    /// A prepared statement: every page a signed-in reader reads runs it.
    enum VotesOnPage: StatementText {
        static let name = "mitreden_my_votes_on_page"
        static let sql = """
            SELECT page.id, s.proposal_id IS NOT NULL AS supported, r.value::int AS rating
            FROM unnest($1::uuid[]) AS page(id)
            LEFT JOIN supports s ON s.proposal_id = page.id AND s.account_id = $2
            LEFT JOIN ratings r ON r.proposal_id = page.id AND r.account_id = $2
            """
    }

    /// A page of the account's supports, newest first.
    public static func supports(
        of account: Account.ID, after: ActivityCursor?, limit: Int, on db: some SQLExecutor
    ) async throws -> ActivityPage<MySupport> {
        let query = ActivityPaging.query(
            """
            SELECT s.proposal_id, s.created_at, c.slug AS campaign_slug, p.withdrawn_at IS NOT NULL AS withdrawn,
                   CASE WHEN p.moderation_status = 'published' OR p.author_id = $1 THEN p.title END AS proposal_title, {sort_key}
            FROM supports s JOIN proposals p ON p.id = s.proposal_id JOIN campaigns c ON c.id = s.campaign_id
            WHERE s.account_id = $1 {after} ORDER BY {order} LIMIT $2
            """, time: "s.created_at", id: "s.proposal_id", person: account.uuid, after: after, limit: limit)
        return try ActivityPaging.page(try await db.query(query), limit: limit, list: .supports) { row in
            let column = NamedColumns(row)
            let support = MySupport(
                proposalID: try column("proposal_id"), campaignSlug: try column("campaign_slug"), proposalTitle: try column("proposal_title"),
                withdrawn: try column("withdrawn"), supportedAt: try column("created_at"))
            return (support, support.proposalID.uuid)
        }
    }

    /// A page of the account's ballots, newest first, each with its choices: two
    /// statements, the ballots and then the choices of all of them.
    public static func ballots(
        of account: Account.ID, after: ActivityCursor?, limit: Int, on db: some SQLExecutor
    ) async throws -> ActivityPage<MyBallot> {
        let query = ActivityPaging.query(
            """
            SELECT b.id, b.submitted_at, c.slug AS campaign_slug, a.slug AS area_slug,
                   c.settings #>> '{ballot,method}' = 'cumulative' AS cumulative, {sort_key}
            FROM ballots b JOIN campaigns c ON c.id = b.campaign_id JOIN budget_areas a ON a.id = b.area_id
            WHERE b.account_id = $1 {after} ORDER BY {order} LIMIT $2
            """, time: "b.submitted_at", id: "b.id", person: account.uuid, after: after, limit: limit)
        var cumulative: Set<Ballot.ID> = []
        var page = try ActivityPaging.page(try await db.query(query), limit: limit, list: .ballots) { row in
            let column = NamedColumns(row)
            let ballot = MyBallot(
                id: try column("id"), campaignSlug: try column("campaign_slug"), areaSlug: try column("area_slug"), choices: [],
                totalCostCents: 0, submittedAt: try column("submitted_at"))
            if try column("cumulative", as: Bool?.self) == true { cumulative.insert(ballot.id) }
            return (ballot, ballot.id.uuid)
        }
        guard !page.items.isEmpty else { return page }
        let ids = page.items.map(\.id)
        var choices: [Ballot.ID: [MyBallotChoice]] = [:]
        for row in try await db.query(
            """
            SELECT ch.ballot_id, ch.proposal_id, ch.points::int AS points, p.title, p.cost_cents
            FROM ballot_choices ch JOIN proposals p ON p.id = ch.proposal_id
            WHERE ch.ballot_id = ANY(\(ids)::uuid[]) ORDER BY ch.ballot_id, ch.rank
            """)
        {
            let column = NamedColumns(row)
            let ballot: Ballot.ID = try column("ballot_id")
            choices[ballot, default: []].append(
                MyBallotChoice(
                    proposalID: try column("proposal_id"), title: try column("title"), costCents: try column("cost_cents"),
                    points: cumulative.contains(ballot) ? Int(try column("points", as: Int32.self)) : nil))
        }
        for index in page.items.indices {
            let mine = choices[page.items[index].id] ?? []
            page.items[index].choices = mine
            // Saturating, as ``Ballots/find``: rows stored before the ceiling (Schema 0009) may be larger.
            page.items[index].totalCostCents = mine.reduce(Int64(0)) { total, choice in
                let (sum, overflow) = total.addingReportingOverflow(choice.costCents ?? 0)
                return overflow ? .max : sum
            }
        }
        return page
    }
}
