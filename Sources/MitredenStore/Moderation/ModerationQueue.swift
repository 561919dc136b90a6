import Foundation
import MitredenDomain
import PostgresNIO

/// What a moderator works on: a proposal or a comment.
public enum ContentKind: String, Sendable, CaseIterable, Codable { case proposal, comment }

/// A proposal or a comment: what moderators judge and participants flag.
public enum ContentRef: Hashable, Sendable {
    case proposal(Proposal.ID)
    case comment(Comment.ID)

    public var kind: ContentKind {
        switch self {
        case .proposal: .proposal
        case .comment: .comment
        }
    }

    /// The id as stored next to the kind (`target_type`, `target_id`).
    public var uuid: UUID {
        switch self {
        case .proposal(let id): id.uuid
        case .comment(let id): id.uuid
        }
    }

    public init(_ kind: ContentKind, _ uuid: UUID) {
        switch kind {
        case .proposal: self = .proposal(Proposal.ID(uuid))
        case .comment: self = .comment(Comment.ID(uuid))
        }
    }
}

/// Why content waits in the queue.
public enum QueueReason: String, Sendable, CaseIterable, Codable {
    /// Held by pre-moderation until a moderator approves it.
    case new
    /// Reported by participants.
    case flagged
}

/// One entry of the moderation queue.
public struct ModerationItemRecord: Sendable, Equatable {
    public var id: ModerationItem.ID
    public var campaignSlug: String
    public var unitSlug: String
    public var targetType: ContentKind
    public var targetID: UUID
    /// The content the item is about, typed.
    public var target: ContentRef { ContentRef(targetType, targetID) }
    public var reason: QueueReason
    public var enqueuedAt: Date
    public var claimedBy: Account.ID?
    public var leaseUntil: Date?
    public var decision: ModerationDecision?
    public var decidedAt: Date?
    /// What the moderator judges: a proposal's title and the start of its text, or the
    /// comment's text (at most 500 characters).
    public var excerpt: String = ""
    /// The proposal the content is, or belongs to: context for a comment.
    public var proposalTitle: String = ""
    /// Reports not yet dismissed.
    public var openFlags: Int = 0
    /// Raised by every edit of the content while the item is open.
    public var revision: Int = 0
    /// The revision the current claim was made at.
    public var claimedRevision: Int?
}

/// The moderation queue. Items are claimed with `FOR UPDATE SKIP LOCKED`, so moderators
/// (and API instances) working at once are handed disjoint items without a coordinator.
public enum ModerationQueue {
    static let columns = """
        m.id, c.slug AS campaign_slug, u.slug AS unit_slug, m.target_type, m.target_id, m.reason, m.enqueued_at, m.claimed_by,
        m.lease_until, m.decision, m.decided_at, m.content_revision, m.claimed_revision,
        left(coalesce(tp.title || E'\n' || tp.body, tc.body, ''), 500) AS excerpt, coalesce(tp.title, cp.title, '') AS proposal_title,
        (SELECT count(*) FROM flags f WHERE f.target_type = m.target_type AND f.target_id = m.target_id
           AND f.dismissed_at IS NULL)::int AS open_flags
        """
    /// The item with its campaign and, for the moderator's eyes, the content it is about.
    static let tables = """
        moderation_items m JOIN campaigns c ON c.id = m.campaign_id JOIN organization_units u ON u.id = c.unit_id
        LEFT JOIN proposals tp ON m.target_type = 'proposal' AND tp.id = m.target_id
        LEFT JOIN comments tc ON m.target_type = 'comment' AND tc.id = m.target_id
        LEFT JOIN proposals cp ON cp.id = tc.proposal_id
        """

    /// Queues the content unless it is queued already; a flag on a queued item marks it flagged.
    public static func enqueue(
        campaign: Campaign.ID, _ target: ContentRef, reason: QueueReason, now: Date, on db: some SQLExecutor
    ) async throws {
        try await db.query(
            """
            INSERT INTO moderation_items (campaign_id, target_type, target_id, reason, enqueued_at)
            VALUES (\(campaign), \(target.kind.rawValue), \(target.uuid), \(reason.rawValue), \(now))
            ON CONFLICT (target_type, target_id) WHERE decided_at IS NULL
            DO UPDATE SET reason = CASE WHEN EXCLUDED.reason = 'flagged' THEN 'flagged' ELSE moderation_items.reason END
            """)
    }

    /// Open items, oldest first, of `units` (every unit when nil), optionally of one campaign.
    public static func open(units: [String]?, campaign: String?, limit: Int, on db: some SQLExecutor) async throws -> [ModerationItemRecord] {
        try await db.query(
            """
            SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.tables)
            WHERE m.decided_at IS NULL AND (\(units == nil) OR u.slug = ANY(\(units ?? [])))
              AND (\(campaign)::text IS NULL OR c.slug = \(campaign))
            ORDER BY m.enqueued_at, m.id LIMIT \(limit)
            """
        ).map(Self.decode)
    }

    /// Hands `moderator` up to `limit` open items that nobody holds a live lease on, oldest
    /// first. Rows another transaction is claiming right now are skipped, not waited for.
    public static func claim(
        for moderator: Account.ID, units: [String]?, campaign: String?, limit: Int, lease: TimeInterval, now: Date, on db: some SQLExecutor
    ) async throws -> [ModerationItemRecord] {
        let until = now.addingTimeInterval(lease)
        return try await db.transaction { db in
            let ids = try await db.query(
                """
                SELECT m.id FROM \(unescaped: Self.tables)
                WHERE m.decided_at IS NULL AND (m.lease_until IS NULL OR m.lease_until <= \(now) OR m.claimed_by = \(moderator))
                  AND (\(units == nil) OR u.slug = ANY(\(units ?? []))) AND (\(campaign)::text IS NULL OR c.slug = \(campaign))
                ORDER BY m.enqueued_at, m.id LIMIT \(limit)
                FOR UPDATE OF m SKIP LOCKED
                """
            ).map { try $0.decode(ModerationItem.ID.self) }
            try await db.query(
                """
                UPDATE moderation_items SET claimed_by = \(moderator), lease_until = \(until), claimed_revision = content_revision
                WHERE id = ANY(\(ids))
                """)
            return try await db.query(
                """
                SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.tables) WHERE m.id = ANY(\(ids)) ORDER BY m.enqueued_at, m.id
                """
            ).map(Self.decode)
        }
    }

    public static func find(_ id: ModerationItem.ID, on db: some SQLExecutor) async throws -> ModerationItemRecord? {
        try await db.query("SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.tables) WHERE m.id = \(id)").first.map(Self.decode)
    }

    /// The open item about a proposal or comment, for operators who know the content's id.
    public static func openItem(about target: UUID, on db: some SQLExecutor) async throws -> ModerationItemRecord? {
        try await db.query(
            """
            SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.tables) WHERE m.target_id = \(target) AND m.decided_at IS NULL
            """
        ).first.map(Self.decode)
    }

    public static func lock(_ id: ModerationItem.ID, on tx: Transaction) async throws -> ModerationItemRecord? {
        try await tx.query(
            """
            SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.tables) WHERE m.id = \(id) FOR UPDATE OF m
            """
        ).first.map(Self.decode)
    }

    /// The held content was edited: its open item's revision goes up, so a decision made on
    /// the text as it was is refused.
    public static func contentChanged(_ target: ContentRef, on tx: Transaction) async throws {
        try await tx.query(
            """
            UPDATE moderation_items SET content_revision = content_revision + 1
            WHERE target_type = \(target.kind.rawValue) AND target_id = \(target.uuid) AND decided_at IS NULL
            """)
    }

    /// Records a decision; the item leaves the queue and keeps the time of its first decision.
    public static func decide(
        _ id: ModerationItem.ID, _ decision: ModerationDecision, reason: ReasonCode?, note: String?, mergeInto: Proposal.ID?,
        by moderator: Account.ID?,
        now: Date, on db: some SQLExecutor
    ) async throws {
        try await db.query(
            """
            UPDATE moderation_items SET decision = \(decision.rawValue), decided_at = \(now),
                first_decided_at = coalesce(first_decided_at, \(now)), claimed_by = NULL, lease_until = NULL
            WHERE id = \(id)
            """)
        try await db.query(
            """
            INSERT INTO moderation_decisions (item_id, decision, reason_code, note, merge_into, decided_by, decided_at)
            VALUES (\(id), \(decision.rawValue), \(reason?.rawValue), \(note), \(mergeInto), \(moderator), \(now))
            """)
    }

    /// The newest item about the content, open or decided.
    public static func latest(for kind: ContentKind, _ target: UUID, on db: some SQLExecutor) async throws -> ModerationItemRecord? {
        try await db.query(
            """
            SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.tables)
            WHERE m.target_type = \(kind.rawValue) AND m.target_id = \(target) ORDER BY m.enqueued_at DESC, m.id LIMIT 1
            """
        ).first.map(Self.decode)
    }

    static func decode(_ row: PostgresRow) throws -> ModerationItemRecord {
        let column = NamedColumns(row)
        return ModerationItemRecord(
            id: try column("id"), campaignSlug: try column("campaign_slug"), unitSlug: try column("unit_slug"),
            targetType: try column.stored("target_type"), targetID: try column("target_id"), reason: try column.stored("reason"),
            enqueuedAt: try column("enqueued_at"), claimedBy: try column("claimed_by"), leaseUntil: try column("lease_until"),
            decision: try column.stored("decision", as: ModerationDecision?.self), decidedAt: try column("decided_at"),
            excerpt: try column("excerpt"), proposalTitle: try column("proposal_title"), openFlags: try column("open_flags"),
            revision: Int(try column("content_revision", as: Int32.self)),
            claimedRevision: try column("claimed_revision", as: Int32?.self).map(Int.init)
        )
    }
}
