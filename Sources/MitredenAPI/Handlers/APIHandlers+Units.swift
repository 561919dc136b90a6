import Foundation
import MitredenDomain
import MitredenOpenAPI
import MitredenStore
import OpenAPIRuntime

/// Organisational units and their members. Listing is public (departments answer
/// proposals in public); changes are for administrators and audited.
extension APIHandlers {
    func listUnits(_ input: Operations.ListUnits.Input) async throws -> Operations.ListUnits.Output {
        let units = try await unitService.list()
        return .ok(.init(body: .json(.init(items: units.map(Self.unit), nextCursor: nil))))
    }

    func createUnit(_ input: Operations.CreateUnit.Input) async throws -> Operations.CreateUnit.Output {
        let principal = try Authorization.admin()
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let unit = try await unitService.create(slug: body.slug, name: body.name, by: principal.actor)
        return .created(.init(body: .json(Self.unit(unit))))
    }

    func addUnitMember(_ input: Operations.AddUnitMember.Input) async throws -> Operations.AddUnitMember.Output {
        let principal = try Authorization.admin()
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        guard let accountID = Account.ID(body.accountId) else {
            throw APIError.validation([.init(field: "accountId", message: "is not an account id (UUID)")])
        }
        let role = UnitRole(body.role)
        try await unitService.addMember(unit: input.path.slug, account: accountID, role: role, by: principal.actor)
        return .created(.init(body: .json(.init(unit: input.path.slug, accountId: body.accountId, role: body.role))))
    }

    static func unit(_ unit: UnitRecord) -> Components.Schemas.Unit {
        .init(id: unit.id.uuidString.lowercased(), slug: unit.slug, name: unit.name)
    }
}

extension Principal {
    /// Labelled by role, not by name: the audit log is append-only, so a name written
    /// there could never be erased.
    var actor: AuditActor { AuditActor(accountID: account.id, label: account.role.rawValue) }
}
