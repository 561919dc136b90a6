import Foundation
import MitredenDomain
import MitredenOpenAPI
import MitredenStore
import OpenAPIRuntime

/// Conversions between the generated API types and proposals, comments and the queue.
enum DiscussionMapping {
    static func proposal(_ record: ProposalRecord, responses: [OfficialResponseRecord]? = nil) -> Components.Schemas.Proposal {
        let fields = record.fields
        return .init(
            id: record.id.uuidString.lowercased(), campaign: record.campaignSlug, title: fields.title, body: fields.body,
            category: fields.category, area: fields.area, costCents: fields.costCents,
            location: fields.location.flatMap { try? JSONDecoder().decode(OpenAPIObjectContainer.self, from: Data($0.json.utf8)) },
            author: record.authorName, channel: .init(record.channel),
            moderationStatus: .init(record.moderationStatus), withdrawn: record.withdrawnAt != nil,
            mergedInto: record.mergedInto?.uuidString.lowercased(), lifecycleStatus: .init(record.lifecycleStatus),
            responsibleUnit: record.responsibleUnit, createdAt: record.createdAt, supports: record.supports, comments: record.comments,
            pro: record.pro, contra: record.contra,
            responses: responses?.map {
                .init(status: .init($0.status), text: $0.body, unit: $0.unitSlug, unitName: $0.unitName, createdAt: $0.createdAt)
            },
            mine: record.mine.map { mine in
                .init(supported: mine.supported, rating: mine.rating.flatMap { Components.Schemas.ProposalMine.RatingPayload(rawValue: $0) })
            }
        )
    }

    static func comment(_ view: CommentView) -> Components.Schemas.Comment {
        let record = view.record
        return .init(
            id: record.id.uuidString.lowercased(), proposalId: record.proposalID.uuidString.lowercased(),
            parentId: record.parentID?.uuidString.lowercased(), depth: record.depth, body: record.body,
            stance: .init(record.stance), author: record.authorName,
            moderationStatus: .init(record.moderationStatus), removed: view.removed, createdAt: record.createdAt
        )
    }

    static func myComment(_ mine: MyComment) -> Components.Schemas.MyComment {
        let record = mine.record
        return .init(
            id: record.id.uuidString.lowercased(), proposalId: record.proposalID.uuidString.lowercased(), proposalTitle: mine.proposalTitle,
            campaign: mine.campaignSlug, parentId: record.parentID?.uuidString.lowercased(), depth: record.depth, body: record.body,
            stance: .init(record.stance), moderationStatus: .init(record.moderationStatus), createdAt: record.createdAt
        )
    }

    static func item(_ record: ModerationItemRecord) -> Components.Schemas.ModerationItem {
        .init(
            id: record.id.uuidString.lowercased(), campaign: record.campaignSlug, unit: record.unitSlug,
            targetType: .init(record.targetType), targetId: record.targetID.uuidString.lowercased(),
            reason: .init(record.reason), enqueuedAt: record.enqueuedAt, claimedBy: record.claimedBy?.uuidString.lowercased(),
            leaseUntil: record.leaseUntil, decision: record.decision.map { .init($0) }, decidedAt: record.decidedAt,
            excerpt: record.excerpt, proposalTitle: record.proposalTitle, openFlags: record.openFlags, revision: record.revision
        )
    }

    /// The GeoJSON of a request as raw bytes for the domain's validation.
    static func location(_ container: OpenAPIObjectContainer?) throws -> Data? {
        try container.map { try JSONEncoder().encode($0) }
    }

    /// A path id; anything that is not a UUID names nothing that exists.
    static func id<Kind>(_ text: String, of kind: String) throws -> Identifier<Kind> {
        guard let id = Identifier<Kind>(text) else { throw APIError.notFound("no \(kind) \(text)") }
        return id
    }

    /// An id in a request body; a malformed one is a 422 naming the field.
    static func bodyID<Kind>(_ text: String?, field: String) throws -> Identifier<Kind>? {
        guard let text else { return nil }
        guard let id = Identifier<Kind>(text) else { throw APIError.validation([.init(field: field, message: "is not an id (UUID)")]) }
        return id
    }
}
