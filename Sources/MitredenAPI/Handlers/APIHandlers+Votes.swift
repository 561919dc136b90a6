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
    /// evaluation phase; otherwise a 409 naming the phase. Answers from stored runs only:
    /// a reader never loads ballots (``ResultService/stored(_:rule:)``).
    func getResults(_ input: Operations.GetResults.Input) async throws -> Operations.GetResults.Output {
        let campaign = try await Authorization.visibleCampaign(input.path.slug, in: database)
        let rule = try ResultService.method(input.query.method, for: campaign)
        let now = results.clock.now
        if !PhaseRules.resultsVisible(in: campaign.phaseContext, at: now, toStaff: Authorization.isStaff(of: campaign)) {
            // Not visible to this caller: the refusal names the phase.
            try campaign.require(.seeResults, at: now)
        }
        return .ok(.init(body: .json(VoteMapping.results(try await results.stored(campaign, rule: rule)))))
    }

    /// Officials and managers of the campaign's unit (and admins) compute runs from the
    /// ballots as they are now; what readers see from then on.
    func computeResults(_ input: Operations.ComputeResults.Input) async throws -> Operations.ComputeResults.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let principal = try Authorization.principal()
        let campaign = try await Authorization.visibleCampaign(input.path.slug, in: database)
        guard principal.account.has(.official, in: campaign.unitSlug) || principal.account.has(.manager, in: campaign.unitSlug) else {
            throw APIError.forbidden("computing results needs the official or manager role in unit \(campaign.unitSlug)")
        }
        let rule = try ResultService.method(body.method, for: campaign)
        let computed = try await results.compute(campaign, rule: rule, area: body.area, provisional: body.provisional ?? false)
        return .ok(.init(body: .json(VoteMapping.results(computed))))
    }

    /// Officials and managers of the campaign's unit (and admins) declare a run the official
    /// result of its area, after voting has closed; the service audits it.
    func markResultOfficial(_ input: Operations.MarkResultOfficial.Input) async throws -> Operations.MarkResultOfficial.Output {
        let principal = try Authorization.principal()
        let campaign = try await Authorization.visibleCampaign(input.path.slug, in: database)
        guard principal.account.has(.official, in: campaign.unitSlug) || principal.account.has(.manager, in: campaign.unitSlug) else {
            throw APIError.forbidden("marking a result official needs the official or manager role in unit \(campaign.unitSlug)")
        }
        let id: ResultRun.ID = try DiscussionMapping.id(input.path.runId, of: "result run")
        let run = try await results.markOfficial(id, of: campaign, by: principal.actor)
        let projects = try await results.projects(of: [run])
        return .ok(.init(body: .json(VoteMapping.area(run, projects: projects[run.id] ?? []))))
    }

    /// Officials and managers of the campaign's unit (and admins) take a proposal out of an
    /// area's result after the close; the service stores the superseding run and audits it.
    func excludeFromResults(_ input: Operations.ExcludeFromResults.Input) async throws -> Operations.ExcludeFromResults.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let principal = try Authorization.principal()
        let campaign = try await Authorization.visibleCampaign(input.path.slug, in: database)
        guard principal.account.has(.official, in: campaign.unitSlug) || principal.account.has(.manager, in: campaign.unitSlug) else {
            throw APIError.forbidden("excluding a proposal from the results needs the official or manager role in unit \(campaign.unitSlug)")
        }
        let run = try await results.exclude(
            campaign, area: body.area, proposal: try Self.proposalID(body.proposalId), reason: body.reason, by: principal.actor)
        let projects = try await results.projects(of: [run])
        return .ok(.init(body: .json(VoteMapping.area(run, projects: projects[run.id] ?? []))))
    }

    static func proposalID(_ text: String) throws -> Proposal.ID {
        try DiscussionMapping.id(text, of: "proposal")
    }
}
