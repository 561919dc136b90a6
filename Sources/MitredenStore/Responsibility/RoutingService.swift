import Foundation
import MitredenDomain

/// Who answers a proposal: a campaign's routing, handovers between units, statements asked
/// of other units, and a unit's queue of open proposals. Every change is audited.
public struct RoutingService: Sendable {
    public let database: Database
    public let clock: AppClock

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    /// Replaces the campaign's routing (managers of the campaign's unit, admins). Applies to
    /// proposals published from now on; assigned ones move only by handover.
    public func setRoutes(_ routes: [CampaignRoute], of slug: String, by account: AccountRecord) async throws -> [CampaignRoute] {
        let campaign = try await Visibility.campaign(slug, for: account, database: database)
        guard account.has(.manager, in: campaign.unitSlug) else {
            throw ServiceError.forbidden("this needs the manager role in unit \(campaign.unitSlug)")
        }
        guard routes.count <= 500 else { throw ServiceError.invalid([.init(field: "routes", message: "must have at most 500 routes")]) }
        let now = clock.now
        try await database.withTransaction { tx in
            try await CampaignRoutes.replace(routes, of: campaign.id, on: tx)
            try await Audit.record(
                "campaign.routing", target: ("campaign", campaign.slug), by: account.auditActor, reason: "\(routes.count) routes", now: now,
                on: tx)
        }
        return try await CampaignRoutes.list(of: campaign.id, on: database)
    }

    public func routes(of slug: String, for viewer: AccountRecord?) async throws -> [CampaignRoute] {
        let campaign = try await Visibility.campaign(slug, for: viewer, database: database)
        return try await CampaignRoutes.list(of: campaign.id, on: database)
    }

    /// Hands the proposal to another unit with a reason. Only managers of the unit
    /// responsible now, and admins: an official of the old unit loses it from the inbox.
    public func handOver(_ proposalID: Proposal.ID, to unitSlug: String, reason: String, by account: AccountRecord) async throws
        -> [HandoverRecord]
    {
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if text.isEmpty || text.codePoints > 2000 { problems.append(.init(field: "reason", message: "must have 1 to 2000 characters")) }
        guard problems.isEmpty else { throw ServiceError.invalid(problems) }
        let visible = try await ProposalService(database: database, clock: clock).get(proposalID, for: account)
        guard let target = try await Units.find(slug: unitSlug, on: database) else {
            throw ServiceError.invalid([.init(field: "unit", message: "is not a unit")])
        }
        let now = clock.now
        try await database.withTransaction { tx in
            // Locked, so two handovers of one proposal run one after the other and the
            // second sees the first's unit.
            guard let proposal = try await Proposals.lock(proposalID, on: tx) else { throw ServiceError.notFound("no proposal") }
            guard account.has(.manager, in: proposal.responsibleUnit) else {
                throw ServiceError.forbidden("only managers of the responsible unit \(proposal.responsibleUnit) and admins hand a proposal over")
            }
            guard proposal.moderationStatus == .published, proposal.withdrawnAt == nil else {
                throw ServiceError.conflict(.state, "only a published proposal is handed over")
            }
            guard target.slug != proposal.responsibleUnit else {
                throw ServiceError.invalid([.init(field: "unit", message: "is the responsible unit already")])
            }
            guard let current = try await Units.find(slug: proposal.responsibleUnit, on: tx) else { throw ServiceError.notFound("no unit") }
            try await Handovers.record(proposal.id, from: current.id, to: target.id, reason: text, by: account.id, now: now, on: tx)
            try await Audit.record(
                "proposal.handover", target: ("proposal", proposal.id.uuidString.lowercased()), by: account.auditActor,
                reason: "\(current.slug) → \(target.slug): \(text)", now: now, on: tx)
        }
        return try await Handovers.history(of: visible.id, on: database)
    }

    /// The public history of a proposal's handovers.
    public func handovers(of proposalID: Proposal.ID, for viewer: AccountRecord?) async throws -> [HandoverRecord] {
        let proposal = try await ProposalService(database: database, clock: clock).get(proposalID, for: viewer)
        return try await Handovers.history(of: proposal.id, on: database)
    }

    /// Asks another unit for a statement; officials and managers of the responsible unit.
    public func requestStatement(on proposalID: Proposal.ID, from unitSlug: String, question: String, by account: AccountRecord) async throws
        -> StatementRequestRecord
    {
        let proposal = try await ProposalService(database: database, clock: clock).get(proposalID, for: account)
        guard Self.answers(proposal.responsibleUnit, account) else {
            throw ServiceError.forbidden("this needs the official or manager role in unit \(proposal.responsibleUnit)")
        }
        let text = question.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if text.isEmpty || text.codePoints > 2000 { problems.append(.init(field: "question", message: "must have 1 to 2000 characters")) }
        let unit = try await Units.find(slug: unitSlug, on: database)
        if unit == nil { problems.append(.init(field: "unit", message: "is not a unit")) }
        if unitSlug == proposal.responsibleUnit { problems.append(.init(field: "unit", message: "must be another unit than the responsible one")) }
        guard problems.isEmpty, let unit else { throw ServiceError.invalid(problems) }
        let now = clock.now
        let id = try await database.withTransaction { tx in
            let id = try await Handovers.requestStatement(on: proposal.id, from: unit.id, question: text, by: account.id, now: now, on: tx)
            try await Audit.record(
                "proposal.statement-requested", target: ("proposal", proposal.id.uuidString.lowercased()), by: account.auditActor,
                reason: unit.slug, now: now, on: tx)
            return id
        }
        return try await requireStatement(id)
    }

    /// Gives the statement asked of the unit; its officials and managers, once.
    public func answerStatement(_ id: UUID, statement: String, by account: AccountRecord) async throws -> StatementRequestRecord {
        guard let request = try await Handovers.statement(id, on: database), account.isStaff else {
            throw ServiceError.notFound("no statement request \(id.uuidString.lowercased())")
        }
        guard Self.answers(request.unit, account) else {
            throw ServiceError.forbidden("this needs the official or manager role in unit \(request.unit)")
        }
        let text = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.codePoints <= ContributionRules.bodyLimit else {
            throw ServiceError.invalid([.init(field: "statement", message: "must have 1 to \(ContributionRules.bodyLimit) characters")])
        }
        let now = clock.now
        try await database.withTransaction { tx in
            guard try await Handovers.answer(id, statement: text, by: account.id, now: now, on: tx) else {
                throw ServiceError.conflict(.state, "the statement was given already")
            }
            try await Audit.record(
                "proposal.statement-given", target: ("proposal", request.proposalID.uuidString.lowercased()), by: account.auditActor,
                reason: request.unit, now: now, on: tx)
        }
        return try await requireStatement(id)
    }

    /// The statements of a proposal, for the staff of the responsible unit, of any unit asked,
    /// and admins: what the responsible unit reads before it answers.
    public func statements(of proposalID: Proposal.ID, for account: AccountRecord) async throws -> [StatementRequestRecord] {
        let proposal = try await ProposalService(database: database, clock: clock).get(proposalID, for: account)
        let all = try await Handovers.statements(of: proposal.id, on: database)
        guard Self.answers(proposal.responsibleUnit, account) || all.contains(where: { Self.answers($0.unit, account) }) else {
            throw ServiceError.forbidden("this needs the official or manager role in the responsible unit or a unit asked")
        }
        return all
    }

    /// The unit's open proposals, due first: officials and managers of the unit, admins.
    public func inbox(of unitSlug: String, by account: AccountRecord, limit: Int) async throws -> [InboxItem] {
        guard let unit = try await Units.find(slug: unitSlug, on: database) else { throw ServiceError.notFound("no unit '\(unitSlug)'") }
        guard Self.answers(unit.slug, account) else { throw ServiceError.forbidden("this needs the official or manager role in unit \(unit.slug)") }
        let today = try await Holidays.calendar(on: database).day(of: clock.now)
        return try await ResponseDuties.inbox(of: unit.id, today: today, limit: limit, on: database)
    }

    /// The unit's inbox for the command line (`mitreden inbox --unit`), whose operator runs
    /// the service and may read every unit's queue.
    public func inbox(of unitSlug: String, limit: Int) async throws -> [InboxItem] {
        guard let unit = try await Units.find(slug: unitSlug, on: database) else { throw ServiceError.notFound("no unit '\(unitSlug)'") }
        let today = try await Holidays.calendar(on: database).day(of: clock.now)
        return try await ResponseDuties.inbox(of: unit.id, today: today, limit: limit, on: database)
    }

    private func requireStatement(_ id: UUID) async throws -> StatementRequestRecord {
        guard let record = try await Handovers.statement(id, on: database) else { throw ServiceError.notFound("no statement request") }
        return record
    }

    /// Officials answer; managers run the unit and may do what its officials do.
    static func answers(_ unit: String, _ account: AccountRecord) -> Bool {
        account.has(.official, in: unit) || account.has(.manager, in: unit)
    }
}
