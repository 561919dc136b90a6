import Foundation
import MitredenOpenAPI
import MitredenStore

/// The audit log for administrators.
extension APIHandlers {
    func listAuditEvents(_ input: Operations.ListAuditEvents.Input) async throws -> Operations.ListAuditEvents.Output {
        _ = try Authorization.admin()
        let query = input.query
        let limit = try PageSize.resolve(query.limit)
        if query.targetId != nil, query.targetType == nil {
            throw APIError.validation([.init(field: "targetId", message: "needs targetType as well")])
        }
        let before = try query.cursor.map { cursor in
            guard let seq = Int64(cursor), seq > 0 else {
                throw APIError.validation([.init(field: "cursor", message: "is not a cursor this API issued")])
            }
            return seq
        }
        let events = try await audit.page(
            targetType: query.targetType, targetID: query.targetId, action: query.action, before: before, limit: limit + 1)
        let items = events.prefix(limit).map { event in
            Components.Schemas.AuditEvent(
                seq: event.seq, occurredAt: event.occurredAt, actor: event.actorLabel, actorId: event.actorID?.uuidString.lowercased(),
                action: event.action, targetType: event.targetType, targetId: event.targetID, reason: event.reason,
                hash: AuditChain.hex(event.hash), previousHash: AuditChain.hex(event.previousHash)
            )
        }
        let next = events.count > limit ? items.last.map { String($0.seq) } : nil
        return .ok(.init(body: .json(.init(items: Array(items), nextCursor: next))))
    }
}
