import Foundation
import MitredenDomain
import MitredenOpenAPI
import MitredenStore
import OpenAPIRuntime

/// The moderation queue: moderators of a unit work on its campaigns, admins on all.
/// Accounts that moderate nowhere get a 403 on every route here.
extension APIHandlers {
    func listModerationItems(_ input: Operations.ListModerationItems.Input) async throws -> Operations.ListModerationItems.Output {
        let principal = try Authorization.principal()
        let limit = try PageSize.resolve(input.query.limit, default: PageSize.maximum)
        let items = try await moderation.items(for: principal.account, campaign: input.query.campaign, limit: limit)
        return .ok(.init(body: .json(.init(items: items.map(DiscussionMapping.item)))))
    }

    func claimModerationItems(_ input: Operations.ClaimModerationItems.Input) async throws -> Operations.ClaimModerationItems.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let principal = try Authorization.principal()
        let items = try await moderation.claim(
            for: principal.account, campaign: body.campaign, limit: body.limit, lease: body.leaseSeconds.map(TimeInterval.init)
        )
        return .ok(.init(body: .json(.init(items: items.map(DiscussionMapping.item)))))
    }

    func decideModerationItem(_ input: Operations.DecideModerationItem.Input) async throws -> Operations.DecideModerationItem.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let principal = try Authorization.principal()
        _ = try ModerationService.units(of: principal.account)
        let id: ModerationItem.ID = try DiscussionMapping.id(input.path.id, of: "moderation item")
        let decision = DecisionInput(
            decision: ModerationDecision(body.decision),
            reason: body.reasonCode.map(ReasonCode.init), note: body.note,
            mergeInto: try DiscussionMapping.bodyID(body.mergeInto, field: "mergeInto"), revision: body.revision
        )
        let item = try await moderation.decide(id, decision, by: principal.actor, account: principal.account)
        return .ok(.init(body: .json(DiscussionMapping.item(item))))
    }

    func getModerationStats(_ input: Operations.GetModerationStats.Input) async throws -> Operations.GetModerationStats.Output {
        let principal = try Authorization.principal()
        let days = input.query.days ?? 30
        let stats = try await moderation.stats(campaign: input.query.campaign, days: days, for: principal.account)
        return .ok(
            .init(
                body: .json(
                    .init(
                        campaign: input.query.campaign, days: days, pending: stats.pending, oldestPendingSeconds: stats.oldestPendingSeconds,
                        medianSeconds: stats.medianSeconds, p90Seconds: stats.p90Seconds, decided: stats.decided,
                        decisions: stats.decisions.map { .init(decision: $0.decision, reasonCode: $0.reason, count: $0.count) },
                        pendingJustifications: stats.pendingJustifications,
                        oldestPendingJustificationSeconds: stats.oldestPendingJustificationSeconds
                    ))))
    }
}
