import Foundation
import MitredenDomain
import PostgresNIO

/// The audit log as administrators read it.
public struct AuditService: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// Events newest first, optionally of one target or action, before the event `before`.
    public func page(targetType: String?, targetID: String?, action: String?, before: Int64?, limit: Int) async throws -> [AuditEvent] {
        try await Audit.page(targetType: targetType, targetID: targetID, action: action, before: before, limit: limit, on: database)
    }

    /// The position of the event whose hash is `hex` in the chain, if any (to tell how many
    /// events came after a head an operator wrote down).
    public func sequence(ofHash hex: String) async throws -> Int64? {
        try await database.query("SELECT seq FROM audit_events WHERE hash = decode(\(hex.lowercased()), 'hex')")
            .first?.decode(Int64.self)
    }
}
