import Foundation
import MitredenDomain

/// Unit management shared by the API and the CLI; every change is audited.
public struct UnitService: Sendable {
    public let database: Database
    public let clock: AppClock

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    public func create(slug: String, name: String, by actor: AuditActor) async throws -> UnitRecord {
        var problems: [FieldProblem] = []
        if slug.utf8.count > 60 || slug.range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression) == nil {
            problems.append(.init(field: "slug", message: "must be lower-case letters, digits and single hyphens, at most 60"))
        }
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.codePoints > 200 { problems.append(.init(field: "name", message: "must have 1 to 200 characters")) }
        guard problems.isEmpty else { throw ServiceError.invalid(problems) }
        let now = clock.now
        return try await database.withTransaction { tx in
            let unit = try await Units.create(slug: slug, name: trimmed, on: tx)
            try await Audit.record(
                "unit.create", target: ("unit", slug), by: actor, reason: nil, now: now, on: tx
            )
            return unit
        }
    }

    public func addMember(unit slug: String, account: Account.ID, role: UnitRole, by actor: AuditActor) async throws {
        let unit = try await requireUnit(slug)
        let now = clock.now
        try await database.withTransaction { tx in
            guard let target = try await Accounts.find(id: account, on: tx), target.status != .erased else {
                throw ServiceError.invalid([.init(field: "accountId", message: "no such account")])
            }
            try await Units.addMember(unit: unit.id, account: account, role: role, on: tx)
            try await Audit.record(
                "unit.add-member", target: ("account", account.uuidString.lowercased()), by: actor,
                reason: "\(role.rawValue) in \(slug)", now: now, on: tx
            )
        }
    }

    public func removeMember(unit slug: String, account: Account.ID, role: UnitRole?, by actor: AuditActor) async throws {
        let unit = try await requireUnit(slug)
        let now = clock.now
        try await database.withTransaction { tx in
            guard try await Units.removeMember(unit: unit.id, account: account, role: role, on: tx) else {
                throw ServiceError.notFound("the account holds no such role in \(slug)")
            }
            try await Audit.record(
                "unit.remove-member", target: ("account", account.uuidString.lowercased()), by: actor,
                reason: "\(role?.rawValue ?? "all roles") in \(slug)", now: now, on: tx
            )
        }
    }

    private func requireUnit(_ slug: String) async throws -> UnitRecord {
        guard let unit = try await Units.find(slug: slug, on: database) else { throw ServiceError.notFound("no unit '\(slug)'") }
        return unit
    }

    /// Every unit, by slug.
    public func list() async throws -> [UnitRecord] {
        try await Units.list(on: database)
    }

    /// The unit's staff, one entry per role, by display name.
    public func members(of slug: String) async throws -> [UnitMember] {
        let unit = try await requireUnit(slug)
        return try await Units.members(of: unit.id, on: database)
    }
}
