import Foundation
import MitredenDomain

/// What a participant sends to create or edit a proposal; nil fields are absent.
public struct ProposalInput: Sendable {
    public var title: String?
    public var body: String?
    public var category: String?
    public var area: String?
    public var costCents: Int64?
    /// The raw GeoJSON, validated by ``GeoLocation``.
    public var location: Data?
    public init(
        title: String? = nil, body: String? = nil, category: String? = nil, area: String? = nil,
        costCents: Int64? = nil, location: Data? = nil
    ) {
        self.title = title
        self.body = body
        self.category = category
        self.area = area
        self.costCents = costCents
        self.location = location
    }
}

/// Proposals for the API and the CLI: phase rules, pre-moderation, who sees what.
public struct ProposalService: Sendable {
    public let database: Database
    public let clock: AppClock
    /// The API's limits on participants' writes; none for the command line.
    public var writeLimits = WriteLimits.unlimited

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    /// Submits a proposal. Participants need the proposals phase; staff entering one on
    /// behalf of someone (paper, phone, in person) may do so in any phase, audited.
    public func create(
        in slug: String, _ input: ProposalInput, by account: AccountRecord, channel: ContributionChannel = .online
    ) async throws -> ProposalRecord {
        if channel == .online { try await writeLimits.consume(.proposal, by: account.id, now: clock.now, on: database) }
        let campaign = try await Visibility.campaign(slug, for: account, database: database)
        let now = clock.now
        if channel == .online {
            try campaign.require(.submitProposal, at: now)
        } else {
            guard channel != .import, Visibility.isStaff(account, of: campaign.unitSlug) else {
                throw ServiceError.forbidden("only staff of unit \(campaign.unitSlug) may enter proposals received by \(channel.rawValue)")
            }
            guard campaign.status == .published else { throw ServiceError.conflict(.state, "the campaign is \(campaign.status.rawValue)") }
        }
        let draft = try Self.draft(from: input, budget: campaign.fields.kind == .budget)
        let status: ModerationStatus = channel == .online ? ContributionRules.initialStatus(under: campaign.fields.proposalModeration) : .published
        let id = try await database.withTransaction { tx in
            let id = try await Proposals.insert(
                draft, campaign: campaign.id, author: channel == .online ? account.id : nil, channel: channel,
                enteredBy: channel == .online ? nil : account.id, status: status, now: now, on: tx
            )
            if status == .pending {
                try await ModerationQueue.enqueue(campaign: campaign.id, .proposal(id), reason: .new, now: now, on: tx)
            }
            if channel != .online {
                try await Audit.record(
                    "proposal.enter-on-behalf", target: ("proposal", id.uuidString.lowercased()), by: account.auditActor,
                    reason: "received by \(channel.rawValue)", now: now, on: tx
                )
            }
            return id
        }
        return try await require(id)
    }

    /// The proposal if `viewer` may see it; else a 404 that does not reveal it exists.
    public func get(_ id: Proposal.ID, for viewer: AccountRecord?) async throws -> ProposalRecord {
        let proposal = try await require(id)
        guard Visibility.canSee(proposal, viewer: viewer) else { throw ServiceError.notFound("no proposal \(id.uuidString.lowercased())") }
        guard let campaign = try await Campaigns.find(slug: proposal.campaignSlug, on: database),
            Visibility.canSee(campaign, viewer: viewer)
        else {
            throw ServiceError.notFound("no proposal \(id.uuidString.lowercased())")
        }
        return proposal
    }

    /// The proposal as ``get(_:for:)`` answers it, with what a signed-in viewer holds on it
    /// (``ProposalRecord/mine``).
    public func show(_ id: Proposal.ID, for viewer: AccountRecord?) async throws -> ProposalRecord {
        try await withVotes(of: viewer, on: [try await get(id, for: viewer)])[0]
    }

    /// The author edits while the proposal is held for moderation and the proposals phase runs.
    public func update(_ id: Proposal.ID, _ input: ProposalInput, by account: AccountRecord) async throws -> ProposalRecord {
        let proposal = try await get(id, for: account)
        guard proposal.authorID == account.id else { throw ServiceError.forbidden("only the author may edit a proposal") }
        guard proposal.moderationStatus == .pending, proposal.withdrawnAt == nil else {
            throw ServiceError.conflict(.state, "a proposal can be edited only while it waits for moderation")
        }
        let campaign = try await Visibility.campaign(proposal.campaignSlug, for: account, database: database)
        try campaign.require(.submitProposal, at: clock.now)
        var merged = input
        merged.title = input.title ?? proposal.fields.title
        merged.body = input.body ?? proposal.fields.body
        merged.category = input.category ?? proposal.fields.category
        merged.area = input.area ?? proposal.fields.area
        merged.costCents = input.costCents ?? proposal.fields.costCents
        var draft = try Self.draft(from: merged, budget: campaign.fields.kind == .budget)
        if input.location == nil { draft.location = proposal.fields.location }
        try await database.withTransaction { tx in
            guard try await Proposals.updatePending(id, campaign: campaign.id, to: draft, on: tx) else {
                throw ServiceError.conflict(.state, "a proposal can be edited only while it waits for moderation")
            }
            // The moderators judge the new text, not the one they may have seen.
            try await ModerationQueue.contentChanged(.proposal(id), on: tx)
        }
        return try await require(id)
    }

    /// The author withdraws the proposal; it leaves the lists but stays readable.
    public func withdraw(_ id: Proposal.ID, by account: AccountRecord) async throws -> ProposalRecord {
        let proposal = try await get(id, for: account)
        guard proposal.authorID == account.id else { throw ServiceError.forbidden("only the author may withdraw a proposal") }
        guard proposal.withdrawnAt == nil else { throw ServiceError.conflict(.state, "the proposal is withdrawn already") }
        let now = clock.now
        try await database.withTransaction { tx in try await Proposals.withdraw(id, now: now, on: tx) }
        return try await require(id)
    }

    /// A public page: published, not withdrawn proposals only, with the exact total.
    public func list(in slug: String, _ query: ProposalQuery, viewer: AccountRecord?) async throws -> ProposalPage {
        let campaign = try await Visibility.campaign(slug, for: viewer, database: database)
        var query = query
        query.campaignID = campaign.id
        query.rankingRule = campaign.fields.settings.rankingRule
        var page = try await Proposals.list(query, on: database)
        page.items = try await withVotes(of: viewer, on: page.items)
        return page
    }

    /// A page of the account's own proposals, newest first, whatever their status (held,
    /// rejected, withdrawn, merged), each with what the account holds on it.
    public func mine(by account: AccountRecord, after: ActivityCursor?, limit: Int) async throws -> ActivityPage<ProposalRecord> {
        var page = try await MyContributions.proposals(by: account.id, after: after, limit: limit, on: database)
        page.items = try await withVotes(of: account, on: page.items)
        return page
    }

    /// The proposals with the viewer's support and rating of each, read in one statement
    /// for all of them; an anonymous viewer costs nothing.
    func withVotes(of viewer: AccountRecord?, on proposals: [ProposalRecord]) async throws -> [ProposalRecord] {
        guard let viewer, !proposals.isEmpty else { return proposals }
        let votes = try await MyVotes.votes(on: proposals.map(\.id), by: viewer.id, on: database)
        return proposals.map { proposal in
            var proposal = proposal
            proposal.mine = votes[proposal.id] ?? MyVote(supported: false, rating: nil)
            return proposal
        }
    }

    func require(_ id: Proposal.ID) async throws -> ProposalRecord {
        guard let proposal = try await Proposals.find(id, on: database) else {
            throw ServiceError.notFound("no proposal \(id.uuidString.lowercased())")
        }
        return proposal
    }

    /// Checks the input; every problem names its field.
    static func draft(from input: ProposalInput, budget: Bool) throws -> ProposalDraft {
        var problems = ContributionRules.proposalProblems(
            title: input.title, body: input.body, costCents: input.costCents, hasArea: input.area != nil, budget: budget, checkRequired: true
        ).map { FieldProblem(field: $0.field, message: $0.message) }
        var location: GeoLocation?
        if let data = input.location {
            do throws(ContributionProblem) { location = try GeoLocation(validating: data) } catch {
                problems.append(.init(field: error.field, message: error.message))
            }
        }
        guard problems.isEmpty else { throw ServiceError.invalid(problems) }
        return ProposalDraft(
            title: (input.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines), body: input.body ?? "",
            category: input.category, area: input.area, costCents: input.costCents, location: location
        )
    }
}
