import Foundation
import MitredenDomain
import PostgresNIO

/// One handover in a proposal's public history.
public struct HandoverRecord: Sendable, Equatable {
    public var fromUnit: String
    public var fromUnitName: String
    public var toUnit: String
    public var toUnitName: String
    public var reason: String
    public var at: Date
}

/// A statement one unit asked of another about a proposal (staff only).
public struct StatementRequestRecord: Sendable, Equatable {
    public var id: UUID
    public var proposalID: Proposal.ID
    public var unit: String
    public var unitName: String
    public var question: String
    public var requestedAt: Date
    public var statement: String?
    public var answeredAt: Date?
}

/// Handovers between units and the statements asked of them (Schema 0023).
public enum Handovers {
    /// Records the handover and moves the proposal, on the transaction that locked it.
    public static func record(
        _ proposal: Proposal.ID, from: OrganizationUnit.ID, to: OrganizationUnit.ID, reason: String, by account: Account.ID?, now: Date,
        on tx: Transaction
    ) async throws {
        try await tx.query(
            """
            INSERT INTO proposal_handovers (proposal_id, from_unit_id, to_unit_id, reason, handed_over_by, handed_over_at)
            VALUES (\(proposal), \(from), \(to), \(reason), \(account), \(now))
            """)
        try await tx.query("UPDATE proposals SET responsible_unit_id = \(to) WHERE id = \(proposal)")
    }

    /// Oldest first; names of units only, never of the staff who acted.
    public static func history(of proposal: Proposal.ID, on db: some SQLExecutor) async throws -> [HandoverRecord] {
        try await db.query(
            """
            SELECT f.slug, f.name, t.slug, t.name, h.reason, h.handed_over_at
            FROM proposal_handovers h JOIN organization_units f ON f.id = h.from_unit_id JOIN organization_units t ON t.id = h.to_unit_id
            WHERE h.proposal_id = \(proposal) ORDER BY h.id
            """
        ).map { row in
            let (from, fromName, to, toName, reason, at) = try row.decode((String, String, String, String, String, Date).self)
            return HandoverRecord(fromUnit: from, fromUnitName: fromName, toUnit: to, toUnitName: toName, reason: reason, at: at)
        }
    }

    public static func requestStatement(
        on proposal: Proposal.ID, from unit: OrganizationUnit.ID, question: String, by account: Account.ID?, now: Date,
        on db: some SQLExecutor
    ) async throws -> UUID {
        try await db.query(
            """
            INSERT INTO statement_requests (proposal_id, unit_id, question, requested_by, requested_at)
            VALUES (\(proposal), \(unit), \(question), \(account), \(now)) RETURNING id
            """
        )[0].decode(UUID.self)
    }

    /// Gives the statement once; false when it was given already.
    public static func answer(_ request: UUID, statement: String, by account: Account.ID?, now: Date, on db: some SQLExecutor) async throws
        -> Bool
    {
        try await !db.query(
            """
            UPDATE statement_requests SET statement = \(statement), answered_by = \(account), answered_at = \(now)
            WHERE id = \(request) AND answered_at IS NULL RETURNING id
            """
        ).isEmpty
    }

    public static func statement(_ id: UUID, on db: some SQLExecutor) async throws -> StatementRequestRecord? {
        try await db.query("\(unescaped: statementSelect) WHERE s.id = \(id)").first.map(decodeStatement)
    }

    public static func statements(of proposal: Proposal.ID, on db: some SQLExecutor) async throws -> [StatementRequestRecord] {
        try await db.query("\(unescaped: statementSelect) WHERE s.proposal_id = \(proposal) ORDER BY s.requested_at, s.id").map(decodeStatement)
    }

    static let statementSelect = """
        SELECT s.id, s.proposal_id, u.slug, u.name, s.question, s.requested_at, s.statement, s.answered_at
        FROM statement_requests s JOIN organization_units u ON u.id = s.unit_id
        """

    static func decodeStatement(_ row: PostgresRow) throws -> StatementRequestRecord {
        let (id, proposal, unit, name, question, requested, statement, answered) = try row.decode(
            (UUID, Proposal.ID, String, String, String, Date, String?, Date?).self)
        return StatementRequestRecord(
            id: id, proposalID: proposal, unit: unit, unitName: name, question: question, requestedAt: requested, statement: statement,
            answeredAt: answered)
    }
}
