import Foundation
import MitredenDomain
import PostgresNIO

/// A comment of the caller's own, with where it stands.
public struct MyComment: Sendable, Equatable {
    public var record: CommentRecord
    public var campaignSlug: String
    /// The proposal's title while the author may see the proposal (published, or their
    /// own); nil once it was taken down.
    public var proposalTitle: String?
}

/// What a person wrote, whatever its moderation status: their proposals (held, rejected,
/// withdrawn and merged ones too) and their comments (held ones too), newest first.
public enum MyContributions {
    /// A page of the author's proposals, newest first.
    public static func proposals(
        by author: Account.ID, after: ActivityCursor?, limit: Int, on db: some SQLExecutor
    ) async throws -> ActivityPage<ProposalRecord> {
        let query = ActivityPaging.query(
            """
            SELECT \(Proposals.columns), {sort_key} FROM \(Proposals.tables)
            WHERE p.author_id = $1 {after} ORDER BY {order} LIMIT $2
            """, time: "p.created_at", id: "p.id", person: author.uuid, after: after, limit: limit)
        return try ActivityPaging.page(try await db.query(query), limit: limit, list: .proposals) { row in
            let record = try Proposals.decode(row)
            return (record, record.id.uuid)
        }
    }

    /// A page of the author's comments, newest first, each with its campaign and proposal.
    public static func comments(
        by author: Account.ID, after: ActivityCursor?, limit: Int, on db: some SQLExecutor
    ) async throws -> ActivityPage<MyComment> {
        let query = ActivityPaging.query(
            """
            SELECT \(Comments.columns), c.slug AS campaign_slug,
                   CASE WHEN p.moderation_status = 'published' OR p.author_id = $1 THEN p.title END AS proposal_title, {sort_key}
            FROM \(Comments.tables) JOIN proposals p ON p.id = k.proposal_id JOIN campaigns c ON c.id = p.campaign_id
            WHERE k.author_id = $1 {after} ORDER BY {order} LIMIT $2
            """, time: "k.created_at", id: "k.id", person: author.uuid, after: after, limit: limit)
        return try ActivityPaging.page(try await db.query(query), limit: limit, list: .comments) { row in
            let column = NamedColumns(row)
            let record = try Comments.decode(row)
            return (MyComment(record: record, campaignSlug: try column("campaign_slug"), proposalTitle: try column("proposal_title")), record.id.uuid)
        }
    }
}
