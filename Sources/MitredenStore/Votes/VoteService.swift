import Foundation
import MitredenDomain
import PostgresNIO

/// A proposal's vote counts after a participant's action, and what the participant holds.
public struct VoteState: Sendable, Equatable {
    public var proposalID: Proposal.ID
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
    /// The API's limits on participants' writes; none for the command line.
    public var writeLimits = WriteLimits.unlimited

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    /// Supports the proposal; supporting it again changes nothing (idempotent).
    public func support(_ proposal: Proposal.ID, by account: Account.ID) async throws -> VoteState {
        try await writeLimits.consume(.vote, by: account, now: clock.now, on: database)
        let (target, campaign) = try await openTarget(proposal)
        try campaign.require(.support, at: clock.now)
        let limit = campaign.fields.settings.supportsPerParticipant
        let now = clock.now
        return try await database.withTransaction { tx in
            try await VoteTargets.lockParticipant(campaign: target.campaignID, account: account, on: tx)
            if try await Supports.add(target, account: account, now: now, on: tx), let limit,
                try await Supports.count(campaign: target.campaignID, account: account, on: tx) > limit
            {
                // Thrown inside the transaction: the support just inserted is rolled back.
                throw ServiceError.conflict(
                    .limitReached,
                    "each participant may support at most \(limit) proposals of this campaign (supportsPerParticipant = \(limit)); withdraw a support first"
                )
            }
            return try await state(target, account: account, on: tx)
        }
    }

    /// Withdraws the support; withdrawing one that does not exist changes nothing.
    public func unsupport(_ proposal: Proposal.ID, by account: Account.ID) async throws {
        try await writeLimits.consume(.vote, by: account, now: clock.now, on: database)
        let (target, campaign) = try await openTarget(proposal)
        try campaign.require(.support, at: clock.now)
        try await database.withTransaction { tx in
            try await VoteTargets.lockParticipant(campaign: target.campaignID, account: account, on: tx)
            _ = try await Supports.remove(target, account: account, on: tx)
        }
    }

    /// Rates the proposal pro (1) or contra (−1), replacing an earlier rating.
    public func rate(_ proposal: Proposal.ID, value: Int, by account: Account.ID) async throws -> VoteState {
        try await writeLimits.consume(.vote, by: account, now: clock.now, on: database)
        guard value == 1 || value == -1 else { throw ServiceError.invalid([.init(field: "value", message: "must be 1 or -1")]) }
        let target = try await openRatable(proposal)
        let now = clock.now
        return try await database.withTransaction { tx in
            try await VoteTargets.lockParticipant(campaign: target.campaignID, account: account, on: tx)
            try await Ratings.set(target, account: account, value: value, now: now, on: tx)
            return try await state(target, account: account, on: tx)
        }
    }

    /// Removes the rating; removing none changes nothing.
    public func unrate(_ proposal: Proposal.ID, by account: Account.ID) async throws {
        try await writeLimits.consume(.vote, by: account, now: clock.now, on: database)
        let target = try await openRatable(proposal)
        try await database.withTransaction { tx in
            try await VoteTargets.lockParticipant(campaign: target.campaignID, account: account, on: tx)
            try await Ratings.remove(target, account: account, on: tx)
        }
    }

    private func openRatable(_ proposal: Proposal.ID) async throws -> VoteTarget {
        let (target, campaign) = try await openTarget(proposal)
        guard campaign.fields.settings.ratingsEnabled else {
            throw ServiceError.conflict(.state, "this campaign does not take pro/contra ratings (settings.ratingsEnabled is false)")
        }
        try campaign.require(.rate, at: clock.now)
        return target
    }

    /// The proposal and its campaign when it can be voted on. Proposals nobody else may see
    /// (pending, hidden, rejected) answer 404; a withdrawn one 409.
    private func openTarget(_ proposal: Proposal.ID) async throws -> (VoteTarget, CampaignRecord) {
        guard let target = try await VoteTargets.find(proposal: proposal, on: database),
            target.moderationStatus == "published"
        else {
            throw ServiceError.notFound("no proposal \(proposal.uuidString.lowercased())")
        }
        guard !target.withdrawn else { throw ServiceError.conflict(.state, "the proposal was withdrawn; it takes no more votes") }
        guard let campaign = try await Campaigns.find(slug: target.campaignSlug, on: database) else {
            throw ServiceError.notFound("no proposal \(proposal.uuidString.lowercased())")
        }
        return (target, campaign)
    }

    private func state(_ target: VoteTarget, account: Account.ID, on tx: Transaction) async throws -> VoteState {
        let counters = try await Supports.counters(proposal: target.proposalID, on: tx)
        let mine = try await Supports.participant(account, of: target.proposalID, on: tx)
        return VoteState(
            proposalID: target.proposalID, supported: mine.supported, rating: mine.rating,
            supports: counters.supports, pro: counters.pro, contra: counters.contra)
    }
}
