import Foundation
import MitredenDomain
import PostgresNIO

/// Everything held about one person (GDPR Art. 15).
public struct PersonalDataExport: Sendable, Codable, Equatable {
    public struct Session: Sendable, Codable, Equatable {
        public var createdAt: Date
        public var lastSeenAt: Date
        public var expiresAt: Date
        public var revokedAt: Date?
        public var clientAddress: String?
        public var userAgent: String?
    }
    public struct Mail: Sendable, Codable, Equatable {
        public var subject: String
        public var createdAt: Date
        public var sentAt: Date?
    }
    public struct Verification: Sendable, Codable, Equatable {
        public var createdAt: Date
        public var expiresAt: Date
        public var usedAt: Date?
    }
    public struct Event: Sendable, Codable, Equatable {
        public var occurredAt: Date
        public var action: String
        public var actor: String
        public var reason: String?
    }
    /// A proposal or comment the person wrote; it stays after erasure, without the name.
    public struct Contribution: Sendable, Codable, Equatable {
        public var kind: ContentKind
        /// The proposal's or the comment's id.
        public var id: UUID
        public var proposalID: Proposal.ID
        public var title: String?
        public var body: String
        public var moderationStatus: String
        public var createdAt: Date
    }
    public struct Report: Sendable, Codable, Equatable {
        public var targetType: String
        public var targetID: UUID
        public var reason: String
        public var note: String?
        public var createdAt: Date
    }
    public var id: Account.ID
    public var email: String?
    public var displayName: String?
    public var role: String
    public var status: String
    public var district: String?
    public var verifiedAt: Date?
    public var createdAt: Date
    public var memberships: [Membership]
    public var sessions: [Session]
    public var mails: [Mail]
    public var verifications: [Verification]
    public var auditEvents: [Event]
    public var contributions: [Contribution] = []
    public var flags: [Report] = []
    /// The language the account reads mails and error texts in.
    public var language: String = "de"
    /// The second factor, when one is set up: when, whether confirmed, how many recovery
    /// codes are left. The secret and the codes themselves are never exported.
    public var secondFactor: SecondFactor?

    public struct SecondFactor: Sendable, Codable, Equatable {
        public var createdAt: Date
        public var confirmedAt: Date?
        public var unusedRecoveryCodes: Int
    }
    public var votes: VoteData = VoteData()
}

/// Access to and erasure of personal data (GDPR Art. 15 and 17).
public enum PersonalData {
    public static func export(account id: Account.ID, on db: some SQLExecutor) async throws -> PersonalDataExport {
        guard let account = try await Accounts.find(id: id, on: db) else {
            throw ServiceError.notFound("no such account")
        }
        let sessions = try await db.query(
            """
            SELECT created_at, last_seen_at, expires_at, revoked_at, client_address, user_agent
            FROM sessions WHERE account_id = \(id) ORDER BY created_at
            """
        ).map { row in
            let (c, l, e, r, a, u) = try row.decode((Date, Date, Date, Date?, String?, String?).self)
            return PersonalDataExport.Session(createdAt: c, lastSeenAt: l, expiresAt: e, revokedAt: r, clientAddress: a, userAgent: u)
        }
        let mails = try await db.query(
            """
            SELECT subject, created_at, sent_at FROM outbox WHERE account_id = \(id) ORDER BY id
            """
        ).map { row in
            let (s, c, sent) = try row.decode((String, Date, Date?).self)
            return PersonalDataExport.Mail(subject: s, createdAt: c, sentAt: sent)
        }
        let verifications = try await db.query(
            """
            SELECT created_at, expires_at, used_at FROM email_verifications WHERE account_id = \(id) ORDER BY created_at
            """
        ).map { row in
            let (created, expires, used) = try row.decode((Date, Date, Date?).self)
            return PersonalDataExport.Verification(createdAt: created, expiresAt: expires, usedAt: used)
        }
        let events = try await Audit.events(targetType: "account", targetID: id.uuidString.lowercased(), on: db)
            .map { PersonalDataExport.Event(occurredAt: $0.occurredAt, action: $0.action, actor: $0.actorLabel, reason: $0.reason) }
        let contributions = try await db.query(
            """
            SELECT 'proposal', id, id, title, body, moderation_status, created_at FROM proposals WHERE author_id = \(id)
            UNION ALL
            SELECT 'comment', id, proposal_id, NULL, body, moderation_status, created_at FROM comments WHERE author_id = \(id)
            ORDER BY 7, 2
            """
        ).map { row in
            let (kind, itemID, proposal, title, body, status, created) = try row.decode(
                (String, UUID, Proposal.ID, String?, String, String, Date).self)
            return PersonalDataExport.Contribution(
                kind: try ContentKind(stored: kind), id: itemID, proposalID: proposal, title: title, body: body,
                moderationStatus: status, createdAt: created)
        }
        let flags = try await db.query(
            """
            SELECT target_type, target_id, reason, note, created_at FROM flags WHERE reporter_id = \(id) ORDER BY created_at
            """
        ).map { row in
            let (type, target, reason, note, created) = try row.decode((String, UUID, String, String?, Date).self)
            return PersonalDataExport.Report(targetType: type, targetID: target, reason: reason, note: note, createdAt: created)
        }
        var export = PersonalDataExport(
            id: account.id, email: account.email, displayName: account.displayName, role: account.role.rawValue,
            status: account.status.rawValue, district: account.district, verifiedAt: account.verifiedAt,
            createdAt: account.createdAt, memberships: account.memberships, sessions: sessions, mails: mails,
            verifications: verifications, auditEvents: events,
            votes: try await VoteData.load(account: id, on: db)
        )
        export.contributions = contributions
        export.flags = flags
        export.language = account.language.rawValue
        export.secondFactor = try await db.query(
            """
            SELECT t.created_at, t.confirmed_at,
                   (SELECT count(*)::int FROM account_recovery_codes r WHERE r.account_id = t.account_id AND r.used_at IS NULL)
            FROM account_totp t WHERE t.account_id = \(id)
            """
        ).first.map { row in
            let (created, confirmed, unused) = try row.decode((Date, Date?, Int).self)
            return PersonalDataExport.SecondFactor(createdAt: created, confirmedAt: confirmed, unusedRecoveryCodes: unused)
        }
        return export
    }

    /// Erases the person: personal fields emptied, sessions, tokens, mail and memberships
    /// deleted. The account row stays as an anonymous author, so contributions remain and
    /// one-per-person constraints on votes still hold, but nothing links it to anyone.
    public static func erase(account id: Account.ID, by actor: AuditActor, reason: String?, now: Date, on db: some SQLExecutor) async throws {
        try await db.transaction { tx in
            let rows = try await tx.query(
                """
                SELECT email FROM accounts WHERE id = \(id) AND status <> 'erased' FOR UPDATE
                """)
            guard let row = rows.first else { throw ServiceError.notFound("no such account") }
            let email = try row.decode(String?.self)
            try await VoteData.detach(account: id, now: now, on: tx)
            try await IdempotencyKeys.forget(account: id, on: tx)
            for statement: PostgresQuery in [
                "DELETE FROM sessions WHERE account_id = \(id)",
                "DELETE FROM email_verifications WHERE account_id = \(id)",
                "DELETE FROM outbox WHERE account_id = \(id) OR recipient = \(email)",
                "DELETE FROM account_units WHERE account_id = \(id)",
                "DELETE FROM login_throttle WHERE key = \(LoginThrottle.accountKey(email: email ?? ""))",
                """
                UPDATE accounts SET email = NULL, display_name = NULL, password_hash = NULL, district = NULL,
                    verified_at = NULL, status = 'erased', erased_at = \(now) WHERE id = \(id)
                """,
            ] {
                try await tx.query(statement)
            }
            try await Audit.record(
                "account.erase", target: ("account", id.uuidString.lowercased()), by: actor, reason: reason, now: now, on: tx
            )
        }
    }
}
