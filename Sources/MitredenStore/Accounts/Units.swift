import Foundation
import PostgresNIO

/// An organisational unit (department, district office).
public struct UnitRecord: Sendable, Equatable {
    public var id: UUID
    public var slug: String
    public var name: String
    public var createdAt: Date
}

/// Organisational units and their members.
public struct Units: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    public func create(slug: String, name: String, on connection: PostgresConnection) async throws -> UnitRecord {
        do {
            let rows = try await connection.query("""
                INSERT INTO organization_units (slug, name) VALUES (\(slug), \(name)) RETURNING id, slug, name, created_at
                """, logger: database.logger).collect()
            return try Self.decode(rows[0])
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw StoreError.conflict("a unit with the slug '\(slug)' exists already")
        }
    }

    public func list() async throws -> [UnitRecord] {
        try await database.query("SELECT id, slug, name, created_at FROM organization_units ORDER BY slug").map(Self.decode)
    }

    public func find(slug: String) async throws -> UnitRecord? {
        try await database.query("SELECT id, slug, name, created_at FROM organization_units WHERE slug = \(slug)")
            .first.map(Self.decode)
    }

    /// Adds a unit role; adding one held already changes nothing.
    public func addMember(unit: UUID, account: UUID, role: UnitRole, on connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO account_units (account_id, unit_id, role) VALUES (\(account), \(unit), \(role.rawValue))
            ON CONFLICT DO NOTHING
            """, logger: database.logger)
    }

    /// Removes one role (or all roles when nil); false when there was nothing to remove.
    public func removeMember(unit: UUID, account: UUID, role: UnitRole?, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query("""
            DELETE FROM account_units WHERE unit_id = \(unit) AND account_id = \(account)
              AND (\(role?.rawValue)::text IS NULL OR role = \(role?.rawValue))
            RETURNING role
            """, logger: database.logger).collect()
        return !rows.isEmpty
    }

    static func decode(_ row: PostgresRow) throws -> UnitRecord {
        let (id, slug, name, created) = try row.decode((UUID, String, String, Date).self)
        return UnitRecord(id: id, slug: slug, name: name, createdAt: created)
    }
}
