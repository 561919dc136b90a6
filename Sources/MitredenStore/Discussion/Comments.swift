import Foundation
import MitredenDomain
import PostgresNIO

/// A stored comment.
public struct CommentRecord: Sendable, Equatable {
    public var id: Comment.ID
    public var proposalID: Proposal.ID
    public var parentID: Comment.ID?
    public var depth: Int
    public var authorID: Account.ID?
    public var authorName: String?
    public var body: String
    public var stance: Stance
    public var moderationStatus: ModerationStatus
    public var createdAt: Date
}

/// Comments on proposals, threaded to a depth of three.
public enum Comments {
    static let columns = """
        k.id, k.proposal_id, k.parent_id, k.depth, k.author_id, acc.display_name AS author_name, k.body, k.stance,
        k.moderation_status, k.created_at
        """
    static let tables = "comments k LEFT JOIN accounts acc ON acc.id = k.author_id"

    public static func insert(
        proposal: Proposal.ID, parent: CommentRecord?, author: Account.ID, body: String, stance: Stance, status: ModerationStatus,
        now: Date, on db: some SQLExecutor
    ) async throws -> Comment.ID {
        let depth = (parent?.depth ?? 0) + 1
        let published: Date? = status == .published ? now : nil
        return try await db.query(
            """
            INSERT INTO comments (proposal_id, parent_id, depth, author_id, body, stance, moderation_status, created_at, published_at)
            VALUES (\(proposal), \(parent?.id), \(depth), \(author), \(body), \(stance.rawValue), \(status.rawValue), \(now), \(published))
            RETURNING id
            """)[0].decode(Comment.ID.self)
    }

    public static func setModeration(_ id: Comment.ID, to status: ModerationStatus, now: Date, on db: some SQLExecutor) async throws {
        try await db.query(
            """
            UPDATE comments SET moderation_status = \(status.rawValue),
                published_at = CASE WHEN \(status.rawValue) = 'published' THEN coalesce(published_at, \(now)) ELSE published_at END
            WHERE id = \(id)
            """)
    }

    public static func find(_ id: Comment.ID, on db: some SQLExecutor) async throws -> CommentRecord? {
        try await db.query("SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.tables) WHERE k.id = \(id)").first.map(Self.decode)
    }

    public static func lock(_ id: Comment.ID, on tx: Transaction) async throws -> CommentRecord? {
        try await tx.query(
            """
            SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.tables) WHERE k.id = \(id) FOR UPDATE OF k
            """
        ).first.map(Self.decode)
    }

    static func decode(_ row: PostgresRow) throws -> CommentRecord {
        let column = NamedColumns(row)
        return CommentRecord(
            id: try column("id"), proposalID: try column("proposal_id"), parentID: try column("parent_id"), depth: try column("depth"),
            authorID: try column("author_id"), authorName: try column("author_name"), body: try column("body"),
            stance: try column.stored("stance"), moderationStatus: try column.stored("moderation_status"), createdAt: try column("created_at")
        )
    }
}
