import Foundation
import Logging
import MitredenDomain
import PostgresNIO

/// Accounts: creation, look-up, status changes. Validation of the fields happens in the
/// caller (``AccountRules`` in the API); the database keeps uniqueness.
public enum Accounts {
    /// An account with its unit memberships as arrays, so one round trip reads both (the
    /// authentication middleware reads it on every request).
    static let columns = """
        a.id, a.email, a.display_name, a.role, a.status, a.verified_at, a.district, a.created_at, a.language,
        ARRAY(SELECT u.slug FROM account_units m JOIN organization_units u ON u.id = m.unit_id
              WHERE m.account_id = a.id ORDER BY u.slug, m.role) AS unit_slugs,
        ARRAY(SELECT u.name FROM account_units m JOIN organization_units u ON u.id = m.unit_id
              WHERE m.account_id = a.id ORDER BY u.slug, m.role) AS unit_names,
        ARRAY(SELECT m.role FROM account_units m JOIN organization_units u ON u.id = m.unit_id
              WHERE m.account_id = a.id ORDER BY u.slug, m.role) AS unit_roles
        """

    /// Inserts an account; a taken display name is reported as an invalid `displayName`
    /// (pseudonyms are public, so saying so reveals nothing).
    public static func create(
        on tx: Transaction, email: String, displayName: String, passwordHash: String,
        district: String?, role: GlobalRole, verifiedAt: Date?, now: Date, language: Language = .de
    ) async throws -> Account.ID {
        do {
            let rows = try await tx.query(
                """
                INSERT INTO accounts (email, display_name, password_hash, district, role, verified_at, created_at, language)
                VALUES (\(email), \(displayName), \(passwordHash), \(district), \(role.rawValue), \(verifiedAt), \(now),
                        \(language.rawValue))
                RETURNING id
                """)
            return try rows[0].decode(Account.ID.self)
        } catch  where SQLState.constraint(of: error) == "accounts_display_name_key" {
            throw ServiceError.invalid("displayName", "is already taken")
        }
    }

    /// Whether another account uses this display name, compared case-insensitively.
    public static func isDisplayNameTaken(_ name: String, on db: some SQLExecutor) async throws -> Bool {
        try await !db.query("SELECT 1 FROM accounts WHERE lower(display_name) = lower(\(name))").isEmpty
    }

    /// The account using this normalised e-mail, if any (erased accounts have none).
    public static func id(forEmail email: String, on db: some SQLExecutor) async throws -> Account.ID? {
        let rows = try await db.query("SELECT id FROM accounts WHERE email = \(email)")
        return try rows.first?.decode(Account.ID.self)
    }

    /// The account and its password hash, for logging in.
    public static func credentials(email: String, on db: some SQLExecutor) async throws -> (account: AccountRecord, passwordHash: String)? {
        let rows = try await db.query(
            """
            SELECT \(unescaped: Self.columns), a.password_hash FROM accounts a WHERE a.email = \(email)
            """)
        guard let row = rows.first else { return nil }
        let hash = try NamedColumns(row)("password_hash", as: String?.self)
        return (try Self.decode(row), hash ?? "")
    }

    /// The account with its memberships, in one round trip.
    public static func find(id: Account.ID, on db: some SQLExecutor) async throws -> AccountRecord? {
        try await db.query("SELECT \(unescaped: Self.columns) FROM accounts a WHERE a.id = \(id)").first.map(Self.decode)
    }

    /// Accounts whose e-mail or display name contains `search` (all when nil), oldest
    /// first: `limit` of them after skipping `offset`, and how many match in all.
    /// `%`, `_` and a backslash in `search` match themselves, not any text.
    public static func list(search: String? = nil, limit: Int = 100, offset: Int = 0, on db: some SQLExecutor) async throws -> AccountPage {
        let pattern = search.map { text in
            let escaped = text.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            return "%\(escaped)%"
        }
        let rows = try await db.query(
            """
            SELECT \(unescaped: Self.columns), count(*) OVER ()::int AS matching FROM accounts a
            WHERE \(pattern)::text IS NULL OR a.email LIKE \(pattern) OR lower(a.display_name) LIKE \(pattern)
            ORDER BY a.created_at, a.id LIMIT \(limit) OFFSET \(offset)
            """)
        let accounts = try rows.map(Self.decode)
        // Past the last page no row carries the window count; count without it then.
        let total: Int
        if let first = rows.first {
            total = Int(try NamedColumns(first)("matching", as: Int32.self))
        } else if offset == 0 {
            total = 0
        } else {
            total = try await db.query(
                """
                SELECT count(*)::int FROM accounts a
                WHERE \(pattern)::text IS NULL OR a.email LIKE \(pattern) OR lower(a.display_name) LIKE \(pattern)
                """)[0].decode(Int.self)
        }
        return AccountPage(accounts: accounts, total: total)
    }

    /// Suspends or reactivates; suspension revokes every session at once.
    public static func setStatus(_ id: Account.ID, _ status: AccountStatus, now: Date, on db: some SQLExecutor) async throws {
        let rows = try await db.query(
            """
            UPDATE accounts SET status = \(status.rawValue) WHERE id = \(id) AND status <> 'erased' RETURNING id
            """)
        guard !rows.isEmpty else { throw ServiceError.notFound("no such account") }
        if status != .active {
            try await Sessions.revokeAll(of: id, now: now, on: db)
        }
    }

    /// Replaces the password hash and revokes every session.
    public static func setPassword(_ id: Account.ID, hash: String, now: Date, on db: some SQLExecutor) async throws {
        try await db.query("UPDATE accounts SET password_hash = \(hash) WHERE id = \(id)")
        try await Sessions.revokeAll(of: id, now: now, on: db)
    }

    static func decode(_ row: PostgresRow) throws -> AccountRecord {
        let column = NamedColumns(row)
        let (slugs, names, roles) = (
            try column("unit_slugs", as: [String].self), try column("unit_names", as: [String].self),
            try column("unit_roles", as: [String].self)
        )
        return AccountRecord(
            id: try column("id"), email: try column("email"), displayName: try column("display_name"),
            role: try column.stored("role"), status: try column.stored("status"), verifiedAt: try column("verified_at"),
            district: try column("district"), createdAt: try column("created_at"),
            memberships: try slugs.indices.map {
                Membership(unitSlug: slugs[$0], unitName: names[$0], role: try UnitRole(stored: roles[$0]))
            },
            language: try column.stored("language")
        )
    }

    /// Sets the district; returns the one it replaces (nil inside when there was none), or
    /// nil when there is no such (living) account.
    public static func setDistrict(_ id: Account.ID, to district: String?, on tx: Transaction) async throws -> String?? {
        let rows = try await tx.query(
            """
            UPDATE accounts a SET district = \(district) FROM accounts old
            WHERE a.id = \(id) AND old.id = a.id AND a.status <> 'erased' RETURNING old.district
            """)
        guard let row = rows.first else { return nil }
        return .some(try row.decode(String?.self))
    }
}
