import Foundation
import MitredenDomain
import MitredenOpenAPI
import MitredenStore
import OpenAPIRuntime

/// The caller's own activity: their proposals and comments whatever their moderation
/// status, their ballots and their supports, newest first. Only with a session; the
/// spec's `security` has an anonymous caller refused before the query is read.
extension APIHandlers {
    func listMyProposals(_ input: Operations.ListMyProposals.Input) async throws -> Operations.ListMyProposals.Output {
        let principal = try Authorization.principal()
        let (after, limit) = try Self.activityPaging(.proposals, cursor: input.query.cursor, limit: input.query.limit)
        let page = try await proposals.mine(by: principal.account, after: after, limit: limit)
        return .ok(.init(body: .json(.init(items: page.items.map { DiscussionMapping.proposal($0) }, nextCursor: page.next?.encoded))))
    }

    func listMyComments(_ input: Operations.ListMyComments.Input) async throws -> Operations.ListMyComments.Output {
        let principal = try Authorization.principal()
        let (after, limit) = try Self.activityPaging(.comments, cursor: input.query.cursor, limit: input.query.limit)
        let page = try await comments.mine(by: principal.account.id, after: after, limit: limit)
        return .ok(.init(body: .json(.init(items: page.items.map(DiscussionMapping.myComment), nextCursor: page.next?.encoded))))
    }

    func listMyBallots(_ input: Operations.ListMyBallots.Input) async throws -> Operations.ListMyBallots.Output {
        let principal = try Authorization.principal()
        let (after, limit) = try Self.activityPaging(.ballots, cursor: input.query.cursor, limit: input.query.limit)
        let page = try await ballots.ballots(of: principal.account.id, after: after, limit: limit)
        return .ok(.init(body: .json(.init(items: page.items.map(VoteMapping.myBallot), nextCursor: page.next?.encoded))))
    }

    func listMySupports(_ input: Operations.ListMySupports.Input) async throws -> Operations.ListMySupports.Output {
        let principal = try Authorization.principal()
        let (after, limit) = try Self.activityPaging(.supports, cursor: input.query.cursor, limit: input.query.limit)
        let page = try await votes.supports(of: principal.account.id, after: after, limit: limit)
        return .ok(.init(body: .json(.init(items: page.items.map(VoteMapping.mySupport), nextCursor: page.next?.encoded))))
    }

    /// The page size and the cursor of a list of `/v1/me`; a cursor this API did not issue
    /// for that list is a 422 naming `cursor`, and a page size out of range one naming `limit`.
    static func activityPaging(_ list: ActivityCursor.List, cursor: String?, limit: Int?) throws -> (ActivityCursor?, Int) {
        let size = try PageSize.resolve(limit)
        let after = try cursor.map { text in
            guard let cursor = ActivityCursor(encoded: text, for: list) else {
                throw APIError.validation([.init(field: "cursor", message: "is not a cursor this API issued for this list")])
            }
            return cursor
        }
        return (after, size)
    }
}
