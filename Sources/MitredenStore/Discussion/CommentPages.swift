import Foundation
import MitredenDomain
import PostgresNIO

/// Where a page of comments ended: the thread-order key of its last comment, that is the
/// root, the reply and the reply to a reply on its path, each as (creation time in whole
/// microseconds, id). A page that ends with a whole thread ends on that thread's last
/// comment, so the same key serves both kinds of page end.
public struct CommentCursor: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public var micros: Int64
        public var id: Comment.ID
        public init(micros: Int64, id: Comment.ID) { self.micros = micros; self.id = id }
    }
    /// One to three steps, root first.
    public var path: [Step]

    public init?(path: [Step]) {
        guard (1...ContributionRules.maxCommentDepth).contains(path.count) else { return nil }
        self.path = path
    }

    public var encoded: String {
        Data(path.map { "\($0.micros)|\($0.id.uuidString.lowercased())" }.joined(separator: "|").utf8).base64EncodedString()
    }

    public init?(encoded: String) {
        guard encoded.utf8.count <= 400, let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count % 2 == 0 else { return nil }
        var path: [Step] = []
        for index in stride(from: 0, to: parts.count, by: 2) {
            guard let micros = Int64(parts[index]), let id = Comment.ID(parts[index + 1]) else { return nil }
            path.append(Step(micros: micros, id: id))
        }
        self.init(path: path)
    }

    /// The path padded to three steps with keys that sort before every real one.
    var padded: [Step] { path + Array(repeating: Step(micros: -1, id: CommentPages.nilID), count: 3 - path.count) }
}

/// Pages of a proposal's comments in thread order (each root, then its replies depth
/// first, oldest first at every level), bounded twice: at most `limit` threads, and at
/// most ``maxComments`` comments whatever the threads hold. Replies are at most three deep
/// but a root may have any number of them, so whole threads alone bound nothing (a root
/// with 10,000 replies made a 10,000-comment page). Pages end with a whole thread; only a
/// thread too large for one page is cut, and the next page continues it where it stopped.
public enum CommentPages {
    public static let maxComments = 200
    static let nilID = Comment.ID(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))

    /// Up to `limit` threads after `after`, all statuses (the service decides what each
    /// viewer sees), and the cursor of the next page.
    public static func page(of proposal: Proposal.ID, after: CommentCursor?, limit: Int, on db: some SQLExecutor) async throws -> (
        comments: [CommentRecord], next: CommentCursor?
    ) {
        // Each comment's place in its thread is stored with it (Schema 0013), so the page is
        // one range of an index: the cursor is a row comparison over those columns. Both
        // shapes are prepared statements with one generic plan each.
        var bindings = PostgresBindings()
        bindings.append(proposal)
        let rows: [PostgresRow]
        if let from = after?.padded {
            for step in from {
                bindings.append(step.micros)
                bindings.append(step.id)
            }
            rows = try await db.rows(NextPage.self, bindings)
        } else {
            rows = try await db.rows(FirstPage.self, bindings)
        }
        let keyed = try rows.map { row in
            let column = NamedColumns(row)
            let comment = try Comments.decode(row)
            let steps = [
                CommentCursor.Step(micros: try column("m1"), id: try column("root_id")),
                CommentCursor.Step(micros: try column("m2"), id: try column("id2")),
                CommentCursor.Step(micros: try column("m3"), id: try column("id3")),
            ]
            return (comment: comment, root: steps[0].id, cursor: CommentCursor(path: Array(steps.prefix(comment.depth)))!)
        }
        let taken = cut(keyed.map(\.root), limit: limit)
        let next = taken < keyed.count ? keyed[taken - 1].cursor : nil
        return (keyed.prefix(taken).map(\.comment), next)
    }

    static func pageSQL(after: Bool) -> String {
        """
        SELECT \(Comments.columns), k.thread_root AS root_id, k.thread_m1 AS m1, k.thread_m2 AS m2,
               k.thread_id2 AS id2, k.thread_m3 AS m3, k.thread_id3 AS id3
        FROM \(Comments.tables)
        WHERE k.proposal_id = $1
          \(after ? "AND (k.thread_m1, k.thread_root, k.thread_m2, k.thread_id2, k.thread_m3, k.thread_id3) > ($2, $3, $4, $5, $6, $7)" : "")
        ORDER BY k.thread_m1, k.thread_root, k.thread_m2, k.thread_id2, k.thread_m3, k.thread_id3
        LIMIT \(maxComments + 1)
        """
    }

    /// The first page: $1 the proposal.
    enum FirstPage: StatementText {
        static let name = "mitreden_comment_page_first"
        static let sql = CommentPages.pageSQL(after: false)
    }

    /// A page after a cursor: $2…$7 the cursor's three steps (time, id).
    enum NextPage: StatementText {
        static let name = "mitreden_comment_page_next"
        static let sql = CommentPages.pageSQL(after: true)
    }

    /// How many of `roots` (each comment's root, in thread order, at most ``maxComments``
    /// + 1 read) go on the page: whole threads, at most `limit` of them; when the first
    /// thread alone fills more than a page, its first ``maxComments`` comments.
    static func cut(_ roots: [Comment.ID], limit: Int) -> Int {
        // The read stopped inside the last thread unless it found fewer rows than it asked for.
        let lastMayContinue = roots.count > maxComments
        var taken = 0
        var threads = 0
        while taken < roots.count, threads < limit {
            var end = taken
            while end < roots.count, roots[end] == roots[taken] { end += 1 }
            if end == roots.count, lastMayContinue { break }
            taken = end
            threads += 1
        }
        return taken == 0 ? min(roots.count, maxComments) : taken
    }

    /// Of `ids`, those with a reply or a reply to a reply that `viewer` sees (published or
    /// their own): such comments stay on the page as placeholders even when the reply is on
    /// a later page.
    static func withVisibleReplies(_ ids: [Comment.ID], viewer: Account.ID?, on db: some SQLExecutor) async throws -> Set<Comment.ID> {
        guard !ids.isEmpty else { return [] }
        let rows = try await db.query(
            """
            SELECT a.id FROM unnest(\(ids)::uuid[]) AS a (id)
            WHERE EXISTS (
                SELECT 1 FROM comments c LEFT JOIN comments p ON p.id = c.parent_id
                WHERE (c.parent_id = a.id OR p.parent_id = a.id)
                  AND (c.moderation_status = 'published' OR c.author_id = \(viewer)))
            """)
        return Set(try rows.map { try $0.decode(Comment.ID.self) })
    }

    /// The page as a viewer sees it, in thread order: what `visible` allows, and a
    /// placeholder for each hidden comment that has a visible reply (on the page, or in
    /// `repliedOffPage`); everything else is left out.
    static func views(of page: [CommentRecord], visible: (CommentRecord) -> Bool, repliedOffPage: Set<Comment.ID>) -> [CommentView] {
        // Replies follow their parent in thread order, so one pass from the end knows
        // every comment's visible replies before it reaches the comment.
        var hasVisibleReply = repliedOffPage
        for comment in page.reversed() where visible(comment) || hasVisibleReply.contains(comment.id) {
            if let parent = comment.parentID { hasVisibleReply.insert(parent) }
        }
        return page.compactMap { comment in
            if visible(comment) { return CommentView(record: comment, removed: false) }
            guard hasVisibleReply.contains(comment.id) else { return nil }
            var placeholder = comment
            placeholder.body = ""
            placeholder.authorID = nil
            placeholder.authorName = nil
            return CommentView(record: placeholder, removed: true)
        }
    }
}
