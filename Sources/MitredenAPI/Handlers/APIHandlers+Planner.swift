import Foundation
import MitredenDomain
import MitredenOpenAPI
import MitredenStore
import OpenAPIRuntime

/// The budget planner: anyone who may see the campaign reads the planner; verified
/// participants keep a draft and submit a plan; managers define the planner and, with
/// officials, enter paper plans; moderators decide justifications; the summary is the
/// unit's staff's at any time and everyone's in the results phase.
extension APIHandlers {
    func getPlanner(_ input: Operations.GetPlanner.Input) async throws -> Operations.GetPlanner.Output {
        let campaign = try await Authorization.visibleCampaign(input.path.slug, in: database)
        return .ok(.init(body: .json(PlannerMapping.planner(try await planner.planner(of: campaign)))))
    }

    func definePlanner(_ input: Operations.DefinePlanner.Input) async throws -> Operations.DefinePlanner.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let campaign = try await Authorization.visibleCampaign(input.path.slug, in: database)
        let principal = try Authorization.manager(of: campaign)
        let stored = try await planner.define(PlannerMapping.spec(body), campaign: campaign, by: principal.actor)
        return .ok(.init(body: .json(PlannerMapping.planner(stored))))
    }

    func getMyPlan(_ input: Operations.GetMyPlan.Input) async throws -> Operations.GetMyPlan.Output {
        let principal = try Authorization.principal()
        let campaign = try await Authorization.visibleCampaign(input.path.slug, in: database)
        return .ok(.init(body: .json(PlannerMapping.plans(try await planner.plans(campaign: campaign, account: principal.account.id)))))
    }

    func saveMyPlan(_ input: Operations.SaveMyPlan.Input) async throws -> Operations.SaveMyPlan.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let principal = try Authorization.contributor()
        let campaign = try await Authorization.visibleCampaign(input.path.slug, in: database)
        let plans = try await planner.saveDraft(campaign: campaign, lines: PlannerMapping.lines(body.lines), by: principal.account.id)
        return .ok(.init(body: .json(PlannerMapping.plans(plans))))
    }

    func deleteMyPlan(_ input: Operations.DeleteMyPlan.Input) async throws -> Operations.DeleteMyPlan.Output {
        let principal = try Authorization.contributor()
        let campaign = try await Authorization.visibleCampaign(input.path.slug, in: database)
        try await planner.withdraw(campaign: campaign, by: principal.account.id)
        return .noContent(.init())
    }

    func submitMyPlan(_ input: Operations.SubmitMyPlan.Input) async throws -> Operations.SubmitMyPlan.Output {
        let principal = try Authorization.contributor()
        let campaign = try await Authorization.visibleCampaign(input.path.slug, in: database)
        return .ok(.init(body: .json(PlannerMapping.plans(try await planner.submit(campaign: campaign, by: principal.account.id)))))
    }

    /// Staff of the unit (and admins) at any time; everyone once results are public.
    func getPlannerSummary(_ input: Operations.GetPlannerSummary.Input) async throws -> Operations.GetPlannerSummary.Output {
        let campaign = try await Authorization.visibleCampaign(input.path.slug, in: database)
        let now = planner.clock.now
        if !Authorization.isStaff(of: campaign), !PhaseRules.resultsPublished(in: campaign.phaseContext, at: now) {
            try campaign.require(.seeResults, at: now)
        }
        let record = try await planner.planner(of: campaign)
        let summary = try await planner.summary(record)
        let justifications = try await planner.justifications(record)
        return .ok(.init(body: .json(PlannerMapping.summary(summary, justifications: justifications))))
    }

    func enterPaperPlan(_ input: Operations.EnterPaperPlan.Input) async throws -> Operations.EnterPaperPlan.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let principal = try Authorization.principal()
        let campaign = try await Authorization.visibleCampaign(input.path.slug, in: database)
        guard principal.account.has(.manager, in: campaign.unitSlug) || principal.account.has(.official, in: campaign.unitSlug) else {
            throw APIError.forbidden("entering paper plans needs the manager or official role in unit \(campaign.unitSlug)")
        }
        let channel: PlanChannel =
            switch body.channel {
            case .paper: .paper
            case .mail: .mail
            case .event: .event
            }
        let id = try await planner.enterPaperPlan(
            campaign: campaign, lines: PlannerMapping.lines(body.lines), channel: channel, district: body.district, by: principal.actor)
        return .created(.init(body: .json(.init(planId: id.uuidString))))
    }

    /// The moderators' queue of a planner's justifications; a cursor this API did not
    /// issue is a 422 naming `cursor`.
    func listPendingJustifications(_ input: Operations.ListPendingJustifications.Input) async throws
        -> Operations.ListPendingJustifications.Output
    {
        let campaign = try await Authorization.visibleCampaign(input.path.slug, in: database)
        _ = try Authorization.member(.moderator, of: campaign.unitSlug)
        let limit = try PageSize.resolve(input.query.limit)
        let after = try input.query.cursor.map { text in
            guard let cursor = JustificationCursor(encoded: text) else {
                throw APIError.validation([.init(field: "cursor", message: "is not a cursor this API issued for this list")])
            }
            return cursor
        }
        let record = try await planner.planner(of: campaign)
        let page = try await planner.pendingJustifications(record, after: after, limit: limit)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: page.items.map {
                            .init(
                                planId: $0.plan.uuidString.lowercased(), item: $0.item, amountCents: $0.amountCents, text: $0.text,
                                submittedAt: $0.submittedAt)
                        }, nextCursor: page.next?.encoded))))
    }

    func decidePlanJustification(_ input: Operations.DecidePlanJustification.Input) async throws -> Operations.DecidePlanJustification.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let campaign = try await Authorization.visibleCampaign(input.path.slug, in: database)
        let principal = try Authorization.member(.moderator, of: campaign.unitSlug)
        guard let plan: Plan.ID = try DiscussionMapping.bodyID(body.planId, field: "planId") else {
            throw APIError.validation([.init(field: "planId", message: "is required")])
        }
        let record = try await planner.planner(of: campaign)
        try await planner.decideJustification(
            plan: plan, planner: record.id, item: body.item, publish: body.decision == .publish, by: principal.actor)
        return .noContent(.init())
    }
}

extension APIHandlers {
    /// The proposal's author while it is pending, or the campaign's staff; the service decides.
    func linkProposalToPlanner(_ input: Operations.LinkProposalToPlanner.Input) async throws -> Operations.LinkProposalToPlanner.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let principal = try Authorization.contributor()
        let id = try Self.proposalID(input.path.id)
        try await planner.linkProposal(id, item: body.item, changeCents: body.changeCents, by: principal.account)
        let link = try await planner.proposalLink(id)
        return .ok(.init(body: .json(.init(item: link?.item, changeCents: link?.changeCents))))
    }
}
