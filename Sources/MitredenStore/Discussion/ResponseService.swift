import Foundation
import MitredenDomain

/// Official responses: an official of the responsible unit (the campaign's unit unless
/// another was named) sets the lifecycle status with a text. Allowed in every phase.
public struct ResponseService: Sendable {
    public let database: Database
    public let clock: AppClock

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    public func respond(to proposalID: Proposal.ID, status: LifecycleStatus, body: String, by account: AccountRecord) async throws -> ProposalRecord {
        let proposals = ProposalService(database: database, clock: clock)
        let proposal = try await proposals.get(proposalID, for: account)
        guard account.has(.official, in: proposal.responsibleUnit) else {
            throw ServiceError.forbidden("this needs the official role in unit \(proposal.responsibleUnit)")
        }
        var problems: [FieldProblem] = []
        if status == .open { problems.append(.init(field: "status", message: "must be under_review, accepted, rejected, implemented or noted")) }
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { problems.append(.init(field: "text", message: "must not be empty")) }
        if body.codePoints > ContributionRules.bodyLimit {
            problems.append(.init(field: "text", message: "must have at most \(ContributionRules.bodyLimit) characters"))
        }
        guard problems.isEmpty else { throw ServiceError.invalid(problems) }
        guard let unit = try await Units.find(slug: proposal.responsibleUnit, on: database) else { throw ServiceError.notFound("no unit") }
        let now = clock.now
        try await database.withTransaction { tx in
            try await OfficialResponses.add(
                to: proposal.id, unit: unit.id, status: status, body: text,
                author: account.id, now: now, on: tx)
            try await Audit.record(
                "proposal.respond", target: ("proposal", proposal.id.uuidString.lowercased()), by: account.auditActor,
                reason: "\(status.rawValue) for \(unit.slug)", now: now, on: tx
            )
        }
        return try await proposals.require(proposal.id)
    }

    /// The official responses to the proposal, oldest first (its public history).
    public func history(of proposal: Proposal.ID) async throws -> [OfficialResponseRecord] {
        try await OfficialResponses.history(of: proposal, on: database)
    }
}
