import Foundation
import MitredenDomain
import PostgresNIO

/// Who did an audited action: an account, or an operator at the command line.
public struct AuditActor: Sendable {
    public var accountID: Account.ID?
    public var label: String
    public init(accountID: Account.ID?, label: String) {
        self.accountID = accountID
        self.label = label
    }

    /// The command line, run by an operator with database access.
    public static let commandLine = AuditActor(accountID: nil, label: "cli")
}

/// One row of the append-only audit log.
public struct AuditEvent: Sendable {
    public var seq: Int64 = 0
    public var occurredAt: Date
    public var actorLabel: String
    public var action: String
    public var targetType: String
    public var targetID: String
    public var reason: String?
    public var actorID: Account.ID? = nil
    public var hash = Data()
    public var previousHash = Data()
}

/// The audit log of staff actions. Rows are written in the transaction of the action they
/// record, so an action and its record commit or fail together.
public enum Audit {
    public static func record(
        _ action: String, target: (type: String, id: String), by actor: AuditActor, reason: String?, now: Date,
        on db: some SQLExecutor
    ) async throws {
        try await db.query(
            """
            INSERT INTO audit_events (occurred_at, actor_id, actor_label, action, target_type, target_id, reason)
            VALUES (\(now), \(actor.accountID), \(actor.label), \(action), \(target.type), \(target.id), \(reason))
            """)
    }

    /// Events about one target, oldest first.
    public static func events(targetType: String, targetID: String, on db: some SQLExecutor) async throws -> [AuditEvent] {
        try await db.query(
            """
            SELECT occurred_at, actor_label, action, target_type, target_id, reason FROM audit_events
            WHERE target_type = \(targetType) AND target_id = \(targetID) ORDER BY id
            """
        ).map { row in
            let (at, actor, action, type, id, reason) = try row.decode((Date, String, String, String, String, String?).self)
            return AuditEvent(occurredAt: at, actorLabel: actor, action: action, targetType: type, targetID: id, reason: reason)
        }
    }

    /// Newest first, before chain position `before`, optionally narrowed to one kind of
    /// target, one target or one action.
    public static func page(
        targetType: String?, targetID: String?, action: String?, before: Int64?, limit: Int, on db: some SQLExecutor
    ) async throws -> [AuditEvent] {
        try await db.query(
            """
            SELECT seq, occurred_at, actor_id, actor_label, action, target_type, target_id, reason, hash, prev_hash
            FROM audit_events
            WHERE (\(targetType)::text IS NULL OR target_type = \(targetType))
              AND (\(targetID)::text IS NULL OR target_id = \(targetID))
              AND (\(action)::text IS NULL OR action = \(action))
              AND (\(before)::bigint IS NULL OR seq < \(before))
            ORDER BY seq DESC LIMIT \(limit)
            """
        ).map { row in
            let (seq, at, actorID, actor, action, type, id, reason, hash, previous) =
                try row.decode((Int64, Date, Account.ID?, String, String, String, String, String?, Data, Data).self)
            return AuditEvent(
                seq: seq, occurredAt: at, actorLabel: actor, action: action, targetType: type, targetID: id,
                reason: reason, actorID: actorID, hash: hash, previousHash: previous)
        }
    }
}
