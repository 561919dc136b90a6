import Foundation
import MitredenDomain

/// A comment as one viewer sees it: held or removed comments that still have visible
/// replies appear as a placeholder without text or author.
public struct CommentView: Sendable, Equatable {
    public var record: CommentRecord
    public var removed: Bool
}

/// Threaded comments for the API and the CLI.
public struct CommentService: Sendable {
    public let database: Database
    public let clock: AppClock
    /// The API's limits on participants' writes; none for the command line.
    public var writeLimits = WriteLimits.unlimited

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    var proposals: ProposalService { ProposalService(database: database, clock: clock) }

    /// Up to `limit` threads on the proposal, oldest first, each in reply order, and the
    /// cursor of the next page; at most ``CommentPages/maxComments`` comments, so a very
    /// large thread is continued on the next page.
    public func list(
        on proposalID: Proposal.ID, viewer: AccountRecord?, after: CommentCursor? = nil, limit: Int = 50
    ) async throws -> (comments: [CommentView], next: CommentCursor?) {
        let proposal = try await proposals.get(proposalID, for: viewer)
        let (page, next) = try await CommentPages.page(of: proposal.id, after: after, limit: limit, on: database)
        let staff = Visibility.isStaff(viewer, of: proposal.campaignUnit)
        func visible(_ comment: CommentRecord) -> Bool {
            comment.moderationStatus == .published || staff || (viewer != nil && comment.authorID == viewer?.id)
        }
        // Only a page that stops inside a thread can have replies beyond it.
        let hidden = next == nil ? [] : page.filter { !visible($0) }.map(\.id)
        let repliedOffPage = try await CommentPages.withVisibleReplies(hidden, viewer: viewer?.id, on: database)
        return (CommentPages.views(of: page, visible: visible, repliedOffPage: repliedOffPage), next)
    }

    /// A page of the account's own comments, newest first, held and rejected ones too.
    public func mine(by account: Account.ID, after: ActivityCursor?, limit: Int) async throws -> ActivityPage<MyComment> {
        try await MyContributions.comments(by: account, after: after, limit: limit, on: database)
    }

    /// Writes a comment or a reply (to a depth of three) while the phase allows comments.
    public func create(
        on proposalID: Proposal.ID, body: String, stance: Stance, parent parentID: Comment.ID?, by account: AccountRecord
    ) async throws -> CommentView {
        try await writeLimits.consume(.comment, by: account.id, now: clock.now, on: database)
        let proposal = try await proposals.get(proposalID, for: account)
        guard proposal.moderationStatus == .published else {
            throw ServiceError.conflict(.state, "the proposal is not published; comments open once it is")
        }
        guard proposal.withdrawnAt == nil else { throw ServiceError.conflict(.state, "the proposal was withdrawn by its author") }
        let campaign = try await Visibility.campaign(proposal.campaignSlug, for: account, database: database)
        let now = clock.now
        try campaign.require(.comment, at: now)
        var problems = ContributionRules.commentProblems(body: body, maxLength: campaign.fields.settings.commentMaxLength)
            .map { FieldProblem(field: $0.field, message: $0.message) }
        var parent: CommentRecord?
        if let parentID {
            parent = try await Comments.find(parentID, on: database)
            if let found = parent, found.proposalID != proposal.id {
                problems.append(.init(field: "parentId", message: "is a comment on another proposal"))
            } else if let found = parent, found.depth >= ContributionRules.maxCommentDepth {
                problems.append(.init(field: "parentId", message: "replies go at most \(ContributionRules.maxCommentDepth) levels deep"))
            } else if parent == nil {
                problems.append(.init(field: "parentId", message: "no such comment"))
            }
        }
        guard problems.isEmpty else { throw ServiceError.invalid(problems) }
        let status = ContributionRules.initialStatus(under: campaign.fields.commentModeration)
        let id = try await database.withTransaction { tx in
            let id = try await Comments.insert(
                proposal: proposal.id, parent: parent, author: account.id, body: body, stance: stance, status: status, now: now, on: tx
            )
            if status == .pending {
                try await ModerationQueue.enqueue(campaign: campaign.id, .comment(id), reason: .new, now: now, on: tx)
            }
            return id
        }
        guard let created = try await Comments.find(id, on: database) else { throw ServiceError.notFound("comment vanished") }
        return CommentView(record: created, removed: false)
    }
}
