import Foundation
import MitredenDomain
import PostgresNIO

/// An organisational unit (department, district office).
public struct UnitRecord: Sendable, Equatable {
    public var id: OrganizationUnit.ID
    public var slug: String
    public var name: String
    public var createdAt: Date
}

/// One role an account holds in a unit.
public struct UnitMember: Sendable, Equatable {
    public var account: Account.ID
    public var displayName: String?
    public var email: String?
    public var status: AccountStatus
    public var role: UnitRole
}

/// Organisational units and their members.
public enum Units {
    public static func create(slug: String, name: String, on tx: Transaction) async throws -> UnitRecord {
        do {
            let rows = try await tx.query(
                """
                INSERT INTO organization_units (slug, name) VALUES (\(slug), \(name)) RETURNING id, slug, name, created_at
                """)
            return try Self.decode(rows[0])
        } catch  where SQLState.of(error) == SQLState.uniqueViolation {
            throw ServiceError.conflict(.exists, "a unit with the slug '\(slug)' exists already")
        }
    }

    public static func list(on db: some SQLExecutor) async throws -> [UnitRecord] {
        try await db.query("SELECT id, slug, name, created_at FROM organization_units ORDER BY slug").map(Self.decode)
    }

    public static func find(slug: String, on db: some SQLExecutor) async throws -> UnitRecord? {
        try await db.query("SELECT id, slug, name, created_at FROM organization_units WHERE slug = \(slug)")
            .first.map(Self.decode)
    }

    /// Adds a unit role; adding one held already changes nothing.
    public static func addMember(unit: OrganizationUnit.ID, account: Account.ID, role: UnitRole, on db: some SQLExecutor) async throws {
        try await db.query(
            """
            INSERT INTO account_units (account_id, unit_id, role) VALUES (\(account), \(unit), \(role.rawValue))
            ON CONFLICT DO NOTHING
            """)
    }

    /// Removes one role (or all roles when nil); false when there was nothing to remove.
    public static func removeMember(unit: OrganizationUnit.ID, account: Account.ID, role: UnitRole?, on db: some SQLExecutor) async throws -> Bool {
        let rows = try await db.query(
            """
            DELETE FROM account_units WHERE unit_id = \(unit) AND account_id = \(account)
              AND (\(role?.rawValue)::text IS NULL OR role = \(role?.rawValue))
            RETURNING role
            """)
        return !rows.isEmpty
    }

    /// Every role held in the unit, by display name, then role.
    public static func members(of unit: OrganizationUnit.ID, on db: some SQLExecutor) async throws -> [UnitMember] {
        try await db.query(
            """
            SELECT a.id, a.display_name, a.email, a.status, m.role FROM account_units m JOIN accounts a ON a.id = m.account_id
            WHERE m.unit_id = \(unit) ORDER BY lower(a.display_name), a.id, m.role
            """
        ).map { row in
            let column = NamedColumns(row)
            return UnitMember(
                account: try column("id"), displayName: try column("display_name"), email: try column("email"),
                status: try column.stored("status"), role: try column.stored("role"))
        }
    }

    static func decode(_ row: PostgresRow) throws -> UnitRecord {
        let (id, slug, name, created) = try row.decode((OrganizationUnit.ID, String, String, Date).self)
        return UnitRecord(id: id, slug: slug, name: name, createdAt: created)
    }
}
