import Foundation
import MitredenDomain
import MitredenOpenAPI
import MitredenStore
import OpenAPIRuntime

/// Comments and flags.
extension APIHandlers {
    func listComments(_ input: Operations.ListComments.Input) async throws -> Operations.ListComments.Output {
        let id: Proposal.ID = try DiscussionMapping.id(input.path.id, of: "proposal")
        let limit = try PageSize.resolve(input.query.limit, default: 50)
        let after = try input.query.cursor.map { text in
            guard let cursor = CommentCursor(encoded: text) else {
                throw APIError.validation([.init(field: "cursor", message: "is not a cursor this API issued")])
            }
            return cursor
        }
        let page = try await comments.list(on: id, viewer: RequestScope.current.principal?.account, after: after, limit: limit)
        return .ok(.init(body: .json(.init(items: page.comments.map(DiscussionMapping.comment), nextCursor: page.next?.encoded))))
    }

    func createComment(_ input: Operations.CreateComment.Input) async throws -> Operations.CreateComment.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let principal = try Authorization.contributor()
        let id: Proposal.ID = try DiscussionMapping.id(input.path.id, of: "proposal")
        let comment = try await comments.create(
            on: id, body: body.body, stance: body.stance.map(Stance.init) ?? .neutral,
            parent: try DiscussionMapping.bodyID(body.parentId, field: "parentId"), by: principal.account
        )
        return .created(.init(body: .json(DiscussionMapping.comment(comment))))
    }

    func flagProposal(_ input: Operations.FlagProposal.Input) async throws -> Operations.FlagProposal.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let principal = try Authorization.contributor()
        try await flags.flag(
            .proposal(try DiscussionMapping.id(input.path.id, of: "proposal")),
            reason: ReasonCode(body.reason), note: body.note, by: principal.account
        )
        return .noContent(.init())
    }

    func flagComment(_ input: Operations.FlagComment.Input) async throws -> Operations.FlagComment.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let principal = try Authorization.contributor()
        try await flags.flag(
            .comment(try DiscussionMapping.id(input.path.id, of: "comment")),
            reason: ReasonCode(body.reason), note: body.note, by: principal.account
        )
        return .noContent(.init())
    }
}
