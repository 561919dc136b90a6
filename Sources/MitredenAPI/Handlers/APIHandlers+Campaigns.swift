import Foundation
import MitredenDomain
import MitredenOpenAPI
import MitredenStore
import OpenAPIRuntime

/// Campaigns: public reading (drafts only for staff of their unit), changes by managers
/// of the owning unit and admins, each audited by ``CampaignService``.
extension APIHandlers {
    func listCampaigns(_ input: Operations.ListCampaigns.Input) async throws -> Operations.ListCampaigns.Output {
        let limit = try PageSize.resolve(input.query.limit)
        let after = try input.query.cursor.map(Self.decodeCursor)
        let page = try await campaigns.list(draftUnits: Authorization.draftUnits(), after: after, limit: limit + 1)
        let items = page.prefix(limit)
        let next = page.count > limit ? items.last.map { Self.encodeCursor($0.slug) } : nil
        let now = campaigns.clock.now
        return .ok(.init(body: .json(.init(items: items.map { CampaignMapping.campaign($0, now: now) }, nextCursor: next))))
    }

    func createCampaign(_ input: Operations.CreateCampaign.Input) async throws -> Operations.CreateCampaign.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let principal = try Authorization.member(.manager, of: body.unit)
        let created = try await campaigns.create(CampaignMapping.spec(body), by: principal.actor)
        return .created(.init(body: .json(CampaignMapping.campaign(created, now: campaigns.clock.now))))
    }

    func getCampaign(_ input: Operations.GetCampaign.Input) async throws -> Operations.GetCampaign.Output {
        let campaign = try await Authorization.visibleCampaign(input.path.slug, in: database)
        return .ok(.init(body: .json(CampaignMapping.campaign(campaign, now: campaigns.clock.now))))
    }

    func updateCampaign(_ input: Operations.UpdateCampaign.Input) async throws -> Operations.UpdateCampaign.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let principal = try await manager(of: input.path.slug)
        let updated = try await campaigns.update(input.path.slug, by: principal.actor) { draft in
            if let title = body.title { draft.title = title }
            if let summary = body.summary { draft.summary = summary }
            if let description = body.description { draft.description = description }
            if let mode = body.proposalModeration { draft.proposalModeration = ModerationMode(mode) }
            if let mode = body.commentModeration { draft.commentModeration = ModerationMode(mode) }
            CampaignMapping.apply(body.settings, to: &draft.settings)
        }
        return .ok(.init(body: .json(CampaignMapping.campaign(updated, now: campaigns.clock.now))))
    }

    func setCampaignPhases(_ input: Operations.SetCampaignPhases.Input) async throws -> Operations.SetCampaignPhases.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let principal = try await manager(of: input.path.slug)
        let updated = try await campaigns.setPhases(input.path.slug, to: CampaignMapping.phases(body.phases), by: principal.actor)
        return .ok(.init(body: .json(CampaignMapping.campaign(updated, now: campaigns.clock.now))))
    }

    func publishCampaign(_ input: Operations.PublishCampaign.Input) async throws -> Operations.PublishCampaign.Output {
        let principal = try await manager(of: input.path.slug)
        let published = try await campaigns.publish(input.path.slug, by: principal.actor)
        return .ok(.init(body: .json(CampaignMapping.campaign(published, now: campaigns.clock.now))))
    }

    /// The caller, when a manager of the campaign's unit (or an admin). Whoever may not see
    /// the campaign (a draft of another unit) learns nothing of it (404); who sees it but
    /// does not manage it is told no (403).
    private func manager(of slug: String) async throws -> Principal {
        _ = try Authorization.principal()
        let campaign = try await Authorization.visibleCampaign(slug, in: database)
        return try Authorization.manager(of: campaign)
    }

    static func encodeCursor(_ slug: String) -> String { Data(slug.utf8).base64EncodedString() }

    static func decodeCursor(_ cursor: String) throws -> String {
        guard let data = Data(base64Encoded: cursor), let slug = String(data: data, encoding: .utf8) else {
            throw APIError.validation([.init(field: "cursor", message: "is not a cursor this API issued")])
        }
        return slug
    }
}
