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

    /// A session resolved from a token, with its account.
    public struct Resolved: Sendable {
        public var sessionID: Session.ID
        public var account: AccountRecord
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

    /// The live session for a token and its account, touching the idle timer; nil when
    /// unknown, revoked, expired, or the account is no longer active. One prepared
    /// statement: every authenticated request starts here.
    public static func resolve(token: String, now: Date, lifetimes: Lifetimes, on db: some SQLExecutor) async throws -> Resolved? {
        var bindings = PostgresBindings()
        try bindings.append(SecretToken(text: token).hash)
        bindings.append(now)
        bindings.append(now.addingTimeInterval(-lifetimes.idle))
        guard let row = try await db.rows(Resolve.self, bindings).first else { return nil }
        let column = NamedColumns(row)
        let (id, expiresAt, lastSeen): (Session.ID, Date, Date) = (try column("session_id"), try column("expires_at"), try column("last_seen_at"))
        // Written at most once a minute: a busy client would otherwise rewrite its session
        // row on every request, for a timer that only needs minute precision.
        if now.timeIntervalSince(lastSeen) >= Self.touchInterval {
            try await db.query("UPDATE sessions SET last_seen_at = \(now) WHERE id = \(id) AND last_seen_at < \(now)")
        }
        return Resolved(
            sessionID: id, account: try Accounts.decode(row), expiresAt: min(expiresAt, now.addingTimeInterval(lifetimes.idle)))
    }

    /// $1 the token's hash, $2 now, $3 the oldest last use still within the idle limit.
    enum Resolve: StatementText {
        static let name = "mitreden_resolve_session"
        static let sql = """
            SELECT s.id AS session_id, s.expires_at, s.last_seen_at, \(Accounts.columns)
            FROM sessions s JOIN accounts a ON a.id = s.account_id
            WHERE s.token_hash = $1 AND a.status = 'active' AND s.revoked_at IS NULL AND s.expires_at > $2 AND s.last_seen_at > $3
            """
    }

    static let touchInterval: TimeInterval = 60

    public static func revoke(_ session: Session.ID, now: Date, on db: some SQLExecutor) async throws {
        try await db.query("UPDATE sessions SET revoked_at = \(now) WHERE id = \(session) AND revoked_at IS NULL")
    }

    /// A session as stored, for its owner's list (``AccountService/sessions(of:)`` reduces
    /// the address and the user agent before anyone sees them).
    public struct Stored: Sendable {
        public var id: Session.ID
        public var createdAt: Date
        public var lastSeenAt: Date
        public var expiresAt: Date
        public var clientAddress: String?
        public var userAgent: String?
    }

    /// The account's live sessions (not ended, not expired, not idle too long), most
    /// recently used first.
    static func live(of account: Account.ID, now: Date, lifetimes: Lifetimes, on db: some SQLExecutor) async throws -> [Stored] {
        let idleSince = now.addingTimeInterval(-lifetimes.idle)
        return try await db.query(
            """
            SELECT id, created_at, last_seen_at, expires_at, client_address, user_agent FROM sessions
            WHERE account_id = \(account) AND revoked_at IS NULL AND expires_at > \(now) AND last_seen_at > \(idleSince)
            ORDER BY last_seen_at DESC, created_at DESC, id
            """
        ).map { row in
            let (id, created, lastSeen, expires, address, agent) = try row.decode((Session.ID, Date, Date, Date, String?, String?).self)
            return Stored(
                id: id, createdAt: created, lastSeenAt: lastSeen, expiresAt: min(expires, lastSeen.addingTimeInterval(lifetimes.idle)),
                clientAddress: address, userAgent: agent)
        }
    }

    /// Ends one live session of the account; false when it has none by that id (another
    /// account's, ended already, or unknown).
    static func revoke(
        _ session: Session.ID, of account: Account.ID, now: Date, lifetimes: Lifetimes, on db: some SQLExecutor
    ) async throws -> Bool {
        try await db.query(
            """
            UPDATE sessions SET revoked_at = \(now)
            WHERE id = \(session) AND account_id = \(account) AND revoked_at IS NULL AND expires_at > \(now)
              AND last_seen_at > \(now.addingTimeInterval(-lifetimes.idle))
            RETURNING id
            """
        ).count == 1
    }

    /// Ends every session of the account but `current`; returns how many were still live.
    static func revokeOthers(
        of account: Account.ID, keeping current: Session.ID, now: Date, lifetimes: Lifetimes, on db: some SQLExecutor
    ) async throws -> Int {
        try await db.query(
            """
            UPDATE sessions SET revoked_at = \(now)
            WHERE account_id = \(account) AND id <> \(current) AND revoked_at IS NULL
            RETURNING expires_at > \(now) AND last_seen_at > \(now.addingTimeInterval(-lifetimes.idle))
            """
        ).filter { try $0.decode(Bool.self) }.count
    }

    /// Ends every session of the account (password change, suspension, erasure).
    public static func revokeAll(of account: Account.ID, now: Date, on db: some SQLExecutor) async throws {
        try await db.query(
            """
            UPDATE sessions SET revoked_at = \(now) WHERE account_id = \(account) AND revoked_at IS NULL
            """)
    }
}
