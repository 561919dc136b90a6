import Foundation
import MitredenDomain
import MitredenStore

/// Official responses: an official of the responsible unit (the campaign's unit unless
/// another was named) sets the lifecycle status with a text. Allowed in every phase.
public struct ResponseService: Sendable {
    public let database: Database
    public let clock: AppClock

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    public func respond(to proposalID: UUID, status: LifecycleStatus, body: String, by account: AccountRecord) async throws -> ProposalRecord {
        let proposals = ProposalService(database: database, clock: clock)
        let proposal = try await proposals.get(proposalID, for: account)
        guard account.has(.official, in: proposal.responsibleUnit) else {
            throw APIError.forbidden("this needs the official role in unit \(proposal.responsibleUnit)")
        }
        var problems: [APIError.FieldError] = []
        if status == .open { problems.append(.init(field: "status", message: "must be under_review, accepted, rejected, implemented or noted")) }
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { problems.append(.init(field: "text", message: "must not be empty")) }
        if body.count > ContributionRules.bodyLimit { problems.append(.init(field: "text", message: "must have at most \(ContributionRules.bodyLimit) characters")) }
        guard problems.isEmpty else { throw APIError.validation(problems) }
        guard let unit = try await Units(database: database).find(slug: proposal.responsibleUnit) else { throw APIError.notFound("no unit") }
        let now = clock.now
        try await database.withTransaction { connection in
            try await OfficialResponses(database: database).add(to: proposal.id, unit: unit.id, status: status, body: text,
                                                                author: account.id, now: now, on: connection)
            try await Audit(database: database).record(
                "proposal.respond", target: ("proposal", proposal.id.uuidString.lowercased()), by: account.auditActor,
                reason: "\(status.rawValue) for \(unit.slug)", now: now, on: connection
            )
        }
        return try await proposals.require(proposal.id)
    }
}
