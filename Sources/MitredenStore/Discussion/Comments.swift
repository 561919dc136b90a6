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

/// Where a page of threads ended: the creation time (whole microseconds) and id of its
/// last thread's first comment.
public struct CommentCursor: Sendable, Equatable {
    public var micros: Int64
    public var id: Comment.ID
    public init(micros: Int64, id: Comment.ID) { self.micros = micros; self.id = id }

    public var encoded: String { Data("\(micros)|\(id.uuidString)".utf8).base64EncodedString() }

    public init?(encoded: String) {
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "|").map(String.init)
        guard parts.count == 2, let micros = Int64(parts[0]), let id = Comment.ID(parts[1]) else { return nil }
        self.init(micros: micros, id: id)
    }
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

    /// Up to `limit` threads of the proposal (a comment on the proposal and every reply
    /// under it), oldest thread first, starting after the thread `after`; whether more
    /// follow. All statuses: the service decides what each viewer sees.
    public static func threads(of proposal: Proposal.ID, after: CommentCursor?, limit: Int, on db: some SQLExecutor) async throws -> (
        comments: [CommentRecord], next: CommentCursor?
    ) {
        let rows = try await db.query(
            """
            WITH roots AS (
                SELECT id, created_at FROM comments
                WHERE proposal_id = \(proposal) AND parent_id IS NULL
                  AND (\(after?.micros)::bigint IS NULL
                       OR (created_at, id) > (timestamptz 'epoch' + \(after?.micros)::bigint * interval '1 microsecond', \(after?.id)::uuid))
                ORDER BY created_at, id LIMIT \(limit + 1))
            SELECT \(unescaped: Self.columns), (extract(epoch FROM k.created_at) * 1000000)::bigint AS micros FROM \(unescaped: Self.tables)
            WHERE k.proposal_id = \(proposal)
              AND (k.id IN (SELECT id FROM roots) OR k.parent_id IN (SELECT id FROM roots)
                   OR k.parent_id IN (SELECT c.id FROM comments c WHERE c.parent_id IN (SELECT id FROM roots)))
            ORDER BY k.created_at, k.id
            """)
        var comments = try rows.map(Self.decode)
        let roots = comments.filter { $0.parentID == nil }
        guard roots.count > limit else { return (comments, nil) }
        // One thread more than asked for was read to learn that more follow; drop it.
        let extra = roots[limit].id
        var dropped: Set<Comment.ID> = [extra]
        for comment in comments.sorted(by: { $0.depth < $1.depth }) where comment.parentID.map(dropped.contains) == true {
            dropped.insert(comment.id)
        }
        comments.removeAll { dropped.contains($0.id) }
        let last = roots[limit - 1]
        let micros = try rows.first { try NamedColumns($0)("id", as: Comment.ID.self) == last.id }.map {
            try NamedColumns($0)("micros", as: Int64.self)
        }
        return (comments, micros.map { CommentCursor(micros: $0, id: last.id) })
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
