import Foundation
import MitredenDomain
import MitredenOpenAPI
import MitredenStore
import OpenAPIRuntime

/// Supports, ratings, ballots and results. Casting a vote needs a verified participant;
/// the services check phase, proposal and limits.
extension APIHandlers {
    func supportProposal(_ input: Operations.SupportProposal.Input) async throws -> Operations.SupportProposal.Output {
        let principal = try Authorization.contributor()
        let state = try await votes.support(try Self.proposalID(input.path.id), by: principal.account.id)
        return .ok(.init(body: .json(VoteMapping.state(state))))
    }

    func unsupportProposal(_ input: Operations.UnsupportProposal.Input) async throws -> Operations.UnsupportProposal.Output {
        let principal = try Authorization.contributor()
        try await votes.unsupport(try Self.proposalID(input.path.id), by: principal.account.id)
        return .noContent(.init())
    }

    func rateProposal(_ input: Operations.RateProposal.Input) async throws -> Operations.RateProposal.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let principal = try Authorization.contributor()
        let state = try await votes.rate(try Self.proposalID(input.path.id), value: body.value.rawValue, by: principal.account.id)
        return .ok(.init(body: .json(VoteMapping.state(state))))
    }

    func unrateProposal(_ input: Operations.UnrateProposal.Input) async throws -> Operations.UnrateProposal.Output {
        let principal = try Authorization.contributor()
        try await votes.unrate(try Self.proposalID(input.path.id), by: principal.account.id)
        return .noContent(.init())
    }

    func getBallot(_ input: Operations.GetBallot.Input) async throws -> Operations.GetBallot.Output {
        let principal = try Authorization.principal()
        let ballot = try await ballots.ballot(campaign: input.path.slug, area: input.path.area, account: principal.account.id)
        return .ok(.init(body: .json(VoteMapping.ballot(ballot))))
    }

    func putBallot(_ input: Operations.PutBallot.Input) async throws -> Operations.PutBallot.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let principal = try Authorization.contributor()
        let ballot = try await ballots.submit(
            campaign: input.path.slug, area: input.path.area, choices: try VoteMapping.choices(body.choices), by: principal.account.id
        )
        return .ok(.init(body: .json(VoteMapping.ballot(ballot))))
    }

    func deleteBallot(_ input: Operations.DeleteBallot.Input) async throws -> Operations.DeleteBallot.Output {
        let principal = try Authorization.contributor()
        try await ballots.withdraw(campaign: input.path.slug, area: input.path.area, by: principal.account.id)
        return .noContent(.init())
    }

    /// Everyone in the results phase; staff of the owning unit (and admins) already in the
    /// evaluation phase; otherwise a 409 naming the phase.
    func getResults(_ input: Operations.GetResults.Input) async throws -> Operations.GetResults.Output {
        let slug = input.path.slug
        let campaign = try await Authorization.visibleCampaign(slug, in: database)
        let rule = try ResultService.method(input.query.method, for: campaign)
        let now = results.clock.now
        if !PhaseRules.resultsVisible(in: campaign.phaseContext, at: now, toStaff: Authorization.isStaff(of: campaign)) {
            // Not visible to this caller: the refusal names the phase.
            try campaign.require(.seeResults, at: now)
        }
        return .ok(.init(body: .json(VoteMapping.results(try await results.compute(campaign, rule: rule)))))
    }

    static func proposalID(_ text: String) throws -> Proposal.ID {
        try DiscussionMapping.id(text, of: "proposal")
    }
}
