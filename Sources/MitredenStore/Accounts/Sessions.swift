import Foundation
import MitredenDomain
import PostgresNIO

/// Bearer-token sessions with idle and absolute expiry.
public enum Sessions {
    /// How long sessions live.
    public struct Lifetimes: Sendable {
        /// A session unused this long is over.
        public var idle: TimeInterval
        /// No session lives longer than this, however busy.
        public var absolute: TimeInterval
        public init(idle: TimeInterval, absolute: TimeInterval) {
            self.idle = idle
            self.absolute = absolute
        }
    }

    /// A session resolved from a token.
    public struct Resolved: Sendable {
        public var sessionID: Session.ID
        public var accountID: Account.ID
        public var expiresAt: Date
    }

    /// Opens a session and returns its token (shown once) and absolute expiry.
    public static func open(
        for account: Account.ID, now: Date, lifetimes: Lifetimes, clientAddress: String?, userAgent: String?, on db: some SQLExecutor
    ) async throws -> (token: SecretToken, expiresAt: Date) {
        let token = SecretToken.generate()
        let expiresAt = now.addingTimeInterval(lifetimes.absolute)
        try await db.query(
            """
            INSERT INTO sessions (account_id, token_hash, created_at, last_seen_at, expires_at, client_address, user_agent)
            VALUES (\(account), \(token.hash), \(now), \(now), \(expiresAt), \(clientAddress), \(userAgent.map { $0.prefix(codePoints: 300) }))
            """)
        return (token, expiresAt)
    }

    /// The live session for a token, touching its idle timer; nil when unknown, revoked,
    /// expired, or the account is no longer active.
    public static func resolve(token: String, now: Date, lifetimes: Lifetimes, on db: some SQLExecutor) async throws -> Resolved? {
        let hash = SecretToken(text: token).hash
        let idleLimit = now.addingTimeInterval(-lifetimes.idle)
        let rows = try await db.query(
            """
            SELECT s.id, s.account_id, s.expires_at, s.last_seen_at FROM sessions s JOIN accounts a ON a.id = s.account_id
            WHERE s.token_hash = \(hash) AND a.status = 'active'
              AND s.revoked_at IS NULL AND s.expires_at > \(now) AND s.last_seen_at > \(idleLimit)
            """)
        guard let row = rows.first else { return nil }
        let (id, account, expiresAt, lastSeen) = try row.decode((Session.ID, Account.ID, Date, Date).self)
        // Written at most once a minute: a busy client would otherwise rewrite its session
        // row on every request, for a timer that only needs minute precision.
        if now.timeIntervalSince(lastSeen) >= Self.touchInterval {
            try await db.query("UPDATE sessions SET last_seen_at = \(now) WHERE id = \(id) AND last_seen_at < \(now)")
        }
        return Resolved(sessionID: id, accountID: account, expiresAt: min(expiresAt, now.addingTimeInterval(lifetimes.idle)))
    }

    static let touchInterval: TimeInterval = 60

    public static func revoke(_ session: Session.ID, now: Date, on db: some SQLExecutor) async throws {
        try await db.query("UPDATE sessions SET revoked_at = \(now) WHERE id = \(session) AND revoked_at IS NULL")
    }

    /// Ends every session of the account (password change, suspension, erasure).
    public static func revokeAll(of account: Account.ID, now: Date, on db: some SQLExecutor) async throws {
        try await db.query(
            """
            UPDATE sessions SET revoked_at = \(now) WHERE account_id = \(account) AND revoked_at IS NULL
            """)
    }
}
