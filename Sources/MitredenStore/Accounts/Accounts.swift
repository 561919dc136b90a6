import Foundation
import Logging
import PostgresNIO

/// Accounts: creation, look-up, status changes. Validation of the fields happens in the
/// caller (``AccountRules`` in the API); the database keeps uniqueness.
public enum Accounts {
    static let columns = "a.id, a.email, a.display_name, a.role, a.status, a.verified_at, a.district, a.created_at"

    /// Inserts an account; a taken display name is reported as an invalid `displayName`
    /// (pseudonyms are public, so saying so reveals nothing).
    public static func create(
        on tx: Transaction, email: String, displayName: String, passwordHash: String,
        district: String?, role: GlobalRole, verifiedAt: Date?, now: Date
    ) async throws -> UUID {
        do {
            let rows = try await tx.query("""
                INSERT INTO accounts (email, display_name, password_hash, district, role, verified_at, created_at)
                VALUES (\(email), \(displayName), \(passwordHash), \(district), \(role.rawValue), \(verifiedAt), \(now))
                RETURNING id
                """)
            return try rows[0].decode(UUID.self)
        } catch where SQLState.constraint(of: error) == "accounts_display_name_key" {
            throw ServiceError.invalid("displayName", "is already taken")
        }
    }

    /// Whether another account uses this display name, compared case-insensitively.
    public static func isDisplayNameTaken(_ name: String, on db: some SQLExecutor) async throws -> Bool {
        try await !db.query("SELECT 1 FROM accounts WHERE lower(display_name) = lower(\(name))").isEmpty
    }

    /// The account using this normalised e-mail, if any (erased accounts have none).
    public static func id(forEmail email: String, on db: some SQLExecutor) async throws -> UUID? {
        let rows = try await db.query("SELECT id FROM accounts WHERE email = \(email)")
        return try rows.first?.decode(UUID.self)
    }

    /// The account and its password hash, for logging in.
    public static func credentials(email: String, on db: some SQLExecutor) async throws -> (account: AccountRecord, passwordHash: String)? {
        let rows = try await db.query("""
            SELECT \(unescaped: Self.columns), a.password_hash FROM accounts a WHERE a.email = \(email)
            """)
        guard let row = rows.first else { return nil }
        // The hash is the ninth column, after the eight of `columns`.
        let hash = try row.decode((UUID, String?, String?, String, String, Date?, String?, Date, String?).self).8
        var account = try Self.decode(row)
        account.memberships = try await memberships(of: account.id, on: db)
        return (account, hash ?? "")
    }

    /// The account with its memberships, in one round trip: every authenticated request
    /// reads it.
    public static func find(id: UUID, on db: some SQLExecutor) async throws -> AccountRecord? {
        let units = "FROM account_units m JOIN organization_units u ON u.id = m.unit_id WHERE m.account_id = a.id ORDER BY u.slug, m.role"
        let rows = try await db.query("""
            SELECT \(unescaped: Self.columns), ARRAY(SELECT u.slug \(unescaped: units)), ARRAY(SELECT u.name \(unescaped: units)),
                   ARRAY(SELECT m.role \(unescaped: units))
            FROM accounts a WHERE a.id = \(id)
            """)
        guard let row = rows.first else { return nil }
        let (id, email, name, role, status, verifiedAt, district, createdAt, slugs, unitNames, roles) =
            try row.decode((UUID, String?, String?, String, String, Date?, String?, Date, [String], [String], [String]).self)
        var account = Self.record(id, email, name, role, status, verifiedAt, district, createdAt)
        account.memberships = slugs.indices.map {
            Membership(unitSlug: slugs[$0], unitName: unitNames[$0], role: UnitRole(rawValue: roles[$0]) ?? .moderator)
        }
        return account
    }

    /// Accounts whose e-mail or display name contains `search` (all when nil), oldest first.
    public static func list(search: String? = nil, limit: Int = 100, on db: some SQLExecutor) async throws -> [AccountRecord] {
        let pattern = search.map { "%\($0.lowercased())%" }
        let rows = try await db.query("""
            SELECT \(unescaped: Self.columns) FROM accounts a
            WHERE \(pattern)::text IS NULL OR a.email LIKE \(pattern) OR lower(a.display_name) LIKE \(pattern)
            ORDER BY a.created_at, a.id LIMIT \(limit)
            """)
        return try rows.map(Self.decode)
    }

    public static func memberships(of account: UUID, on db: some SQLExecutor) async throws -> [Membership] {
        let rows = try await db.query("""
            SELECT u.slug, u.name, m.role FROM account_units m JOIN organization_units u ON u.id = m.unit_id
            WHERE m.account_id = \(account) ORDER BY u.slug, m.role
            """)
        return try rows.map { row in
            let (slug, name, role) = try row.decode((String, String, String).self)
            return Membership(unitSlug: slug, unitName: name, role: UnitRole(rawValue: role) ?? .moderator)
        }
    }

    /// Suspends or reactivates; suspension revokes every session at once.
    public static func setStatus(_ id: UUID, _ status: AccountStatus, now: Date, on db: some SQLExecutor) async throws {
        let rows = try await db.query("""
            UPDATE accounts SET status = \(status.rawValue) WHERE id = \(id) AND status <> 'erased' RETURNING id
            """)
        guard !rows.isEmpty else { throw ServiceError.notFound("no such account") }
        if status != .active {
            try await Sessions.revokeAll(of: id, now: now, on: db)
        }
    }

    /// Replaces the password hash and revokes every session.
    public static func setPassword(_ id: UUID, hash: String, now: Date, on db: some SQLExecutor) async throws {
        try await db.query("UPDATE accounts SET password_hash = \(hash) WHERE id = \(id)")
        try await Sessions.revokeAll(of: id, now: now, on: db)
    }

    static func decode(_ row: PostgresRow) throws -> AccountRecord {
        let (id, email, name, role, status, verifiedAt, district, createdAt) =
            try row.decode((UUID, String?, String?, String, String, Date?, String?, Date).self)
        return record(id, email, name, role, status, verifiedAt, district, createdAt)
    }

    static func record(
        _ id: UUID, _ email: String?, _ name: String?, _ role: String, _ status: String, _ verifiedAt: Date?, _ district: String?,
        _ createdAt: Date
    ) -> AccountRecord {
        AccountRecord(
            id: id, email: email, displayName: name, role: GlobalRole(rawValue: role) ?? .participant,
            status: AccountStatus(rawValue: status) ?? .suspended, verifiedAt: verifiedAt, district: district,
            createdAt: createdAt, memberships: []
        )
    }
}
