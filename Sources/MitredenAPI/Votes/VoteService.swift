import Foundation
import MitredenDomain
import MitredenStore
import PostgresNIO

/// A proposal's vote counts after a participant's action, and what the participant holds.
public struct VoteState: Sendable, Equatable {
    public var proposalID: UUID
    public var supported: Bool
    public var rating: Int?
    public var supports: Int
    public var pro: Int
    public var contra: Int
}

/// Supports and pro/contra ratings, shared by the API and tests. Callers establish that
/// the account is a verified participant; this checks the proposal, the phase and the
/// campaign's limits, and writes vote and counters in one transaction.
public struct VoteService: Sendable {
    public let database: Database
    public let clock: AppClock

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    /// Supports the proposal; supporting it again changes nothing (idempotent).
    public func support(_ proposal: UUID, by account: UUID) async throws -> VoteState {
        let (target, campaign) = try await openTarget(proposal)
        try PhaseRules.require(.support, in: campaign.phaseContext, at: clock.now)
        let limit = campaign.fields.settings.supportsPerParticipant
        let now = clock.now
        return try await database.withTransaction { connection in
            try await VoteTargets.lockParticipant(campaign: target.campaignID, account: account, on: connection, logger: database.logger)
            let supports = Supports(database: database)
            if try await supports.add(target, account: account, now: now, on: connection), let limit,
               try await supports.count(campaign: target.campaignID, account: account, on: connection) > limit {
                // Thrown inside the transaction: the support just inserted is rolled back.
                throw APIError(.conflict, kind: "support-limit", title: "Support limit reached",
                               detail: "each participant may support at most \(limit) proposals of this campaign (supportsPerParticipant = \(limit)); withdraw a support first")
            }
            return try await state(target, account: account, on: connection)
        }
    }

    /// Withdraws the support; withdrawing one that does not exist changes nothing.
    public func unsupport(_ proposal: UUID, by account: UUID) async throws {
        let (target, campaign) = try await openTarget(proposal)
        try PhaseRules.require(.support, in: campaign.phaseContext, at: clock.now)
        try await database.withTransaction { connection in
            try await VoteTargets.lockParticipant(campaign: target.campaignID, account: account, on: connection, logger: database.logger)
            _ = try await Supports(database: database).remove(target, account: account, on: connection)
        }
    }

    /// Rates the proposal pro (1) or contra (−1), replacing an earlier rating.
    public func rate(_ proposal: UUID, value: Int, by account: UUID) async throws -> VoteState {
        guard value == 1 || value == -1 else { throw APIError.validation([.init(field: "value", message: "must be 1 or -1")]) }
        let target = try await openRatable(proposal)
        let now = clock.now
        return try await database.withTransaction { connection in
            try await VoteTargets.lockParticipant(campaign: target.campaignID, account: account, on: connection, logger: database.logger)
            try await Ratings(database: database).set(target, account: account, value: value, now: now, on: connection)
            return try await state(target, account: account, on: connection)
        }
    }

    /// Removes the rating; removing none changes nothing.
    public func unrate(_ proposal: UUID, by account: UUID) async throws {
        let target = try await openRatable(proposal)
        try await database.withTransaction { connection in
            try await VoteTargets.lockParticipant(campaign: target.campaignID, account: account, on: connection, logger: database.logger)
            try await Ratings(database: database).remove(target, account: account, on: connection)
        }
    }

    private func openRatable(_ proposal: UUID) async throws -> VoteTarget {
        let (target, campaign) = try await openTarget(proposal)
        guard campaign.fields.settings.ratingsEnabled else {
            throw APIError.conflict("this campaign does not take pro/contra ratings (settings.ratingsEnabled is false)")
        }
        try PhaseRules.require(.rate, in: campaign.phaseContext, at: clock.now)
        return target
    }

    /// The proposal and its campaign when it can be voted on. Proposals nobody else may see
    /// (pending, hidden, rejected) answer 404; a withdrawn one 409.
    private func openTarget(_ proposal: UUID) async throws -> (VoteTarget, CampaignRecord) {
        guard let target = try await VoteTargets(database: database).find(proposal: proposal),
              target.moderationStatus == "published" else {
            throw APIError.notFound("no proposal \(proposal.uuidString.lowercased())")
        }
        guard !target.withdrawn else { throw APIError.conflict("the proposal was withdrawn; it takes no more votes") }
        guard let campaign = try await Campaigns(database: database).find(slug: target.campaignSlug) else {
            throw APIError.notFound("no proposal \(proposal.uuidString.lowercased())")
        }
        return (target, campaign)
    }

    private func state(_ target: VoteTarget, account: UUID, on connection: PostgresConnection) async throws -> VoteState {
        let supports = Supports(database: database)
        let counters = try await supports.counters(proposal: target.proposalID, on: connection)
        let mine = try await supports.participant(account, of: target.proposalID, on: connection)
        return VoteState(proposalID: target.proposalID, supported: mine.supported, rating: mine.rating,
                         supports: counters.supports, pro: counters.pro, contra: counters.contra)
    }
}
