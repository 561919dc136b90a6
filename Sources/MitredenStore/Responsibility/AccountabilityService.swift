import Foundation
import MitredenDomain

/// The administration's account of its word: implementation updates after the official
/// response, the public list of every proposal's latest state, and the response-time
/// figures per unit.
public struct AccountabilityService: Sendable {
    public let database: Database
    public let clock: AppClock

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    /// Adds an implementation update (officials and managers of the responsible unit). Only
    /// after an official response: the update continues it, it does not replace it.
    public func addUpdate(
        to proposalID: Proposal.ID, status: ImplementationStatus, note: String?, reason: String?, effectiveOn: CalendarDay?,
        by account: AccountRecord
    ) async throws -> [ImplementationUpdateRecord] {
        let proposal = try await ProposalService(database: database, clock: clock).get(proposalID, for: account)
        guard RoutingService.answers(proposal.responsibleUnit, account) else {
            throw ServiceError.forbidden("this needs the official or manager role in unit \(proposal.responsibleUnit)")
        }
        let note = (note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if note.codePoints > 5000 { problems.append(.init(field: "note", message: "must have at most 5000 characters")) }
        if status == .notDone, reason?.isEmpty ?? true {
            problems.append(.init(field: "reason", message: "is required when the status is not_done"))
        }
        if let reason, reason.isEmpty || reason.codePoints > 2000 {
            problems.append(.init(field: "reason", message: "must have 1 to 2000 characters"))
        }
        guard problems.isEmpty else { throw ServiceError.invalid(problems) }
        let now = clock.now
        let calendar = try await Holidays.calendar(on: database)
        let day = effectiveOn ?? calendar.day(of: now)
        guard let unit = try await Units.find(slug: proposal.responsibleUnit, on: database) else { throw ServiceError.notFound("no unit") }
        try await database.withTransaction { tx in
            guard try await !OfficialResponses.history(of: proposal.id, on: tx).isEmpty else {
                throw ServiceError.conflict(.state, "an implementation update follows an official response; there is none yet")
            }
            try await ImplementationUpdates.add(
                to: proposal.id, unit: unit.id, status: status, note: note, reason: reason, effectiveOn: day, author: account.id, now: now,
                on: tx)
            try await Audit.record(
                "proposal.implementation", target: ("proposal", proposal.id.uuidString.lowercased()), by: account.auditActor,
                reason: status.rawValue, now: now, on: tx)
        }
        return try await ImplementationUpdates.history(of: proposal.id, on: database)
    }

    public func updates(of proposalID: Proposal.ID, for viewer: AccountRecord?) async throws -> [ImplementationUpdateRecord] {
        let proposal = try await ProposalService(database: database, clock: clock).get(proposalID, for: viewer)
        return try await ImplementationUpdates.history(of: proposal.id, on: database)
    }

    /// One page of the campaign's public accountability list, by proposal id.
    public func accountability(of slug: String, for viewer: AccountRecord?, after: Proposal.ID?, limit: Int) async throws
        -> [AccountabilityRow]
    {
        let campaign = try await Visibility.campaign(slug, for: viewer, database: database)
        return try await ImplementationUpdates.accountability(campaign: campaign.id, after: after, limit: limit, on: database)
    }

    /// The response-time figures of the campaign: all units first, then each unit by slug.
    public func figures(of slug: String, for viewer: AccountRecord?) async throws -> (promise: ResponsePromise?, figures: [ResponseFigures]) {
        let campaign = try await Visibility.campaign(slug, for: viewer, database: database)
        let calendar = try await Holidays.calendar(on: database)
        let dates = try await ResponseDuties.dates(of: campaign.id, on: database)
        return (campaign.fields.settings.responsePromise, ResponseFigures.compute(dates, today: calendar.day(of: clock.now), calendar: calendar))
    }
}
