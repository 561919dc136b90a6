import Foundation
import MitredenDomain

/// Participants' reports. Past the campaign's threshold of distinct reporters the item is
/// hidden until a moderator decides; every flag puts it in the queue.
public struct FlagService: Sendable {
    public let database: Database
    public let clock: AppClock
    /// The API's limits on participants' writes; none for the command line.
    public var writeLimits = WriteLimits.unlimited

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    /// Flags a proposal or a comment; returns whether the item is now hidden.
    @discardableResult
    public func flag(_ target: ContentRef, reason: ReasonCode, note: String?, by account: AccountRecord) async throws -> Bool {
        try await writeLimits.consume(.flag, by: account.id, now: clock.now, on: database)
        let problems = ContributionRules.flagProblems(reason: reason, note: note)
        guard problems.isEmpty else { throw ServiceError.invalid(problems.map { .init(field: $0.field, message: $0.message) }) }
        let proposals = ProposalService(database: database, clock: clock)
        let proposalID: Proposal.ID
        let author: Account.ID?
        let kind = target.kind
        switch target {
        case .proposal(let id):
            proposalID = id
            author = try await proposals.get(id, for: account).authorID
        case .comment(let id):
            guard let comment = try await Comments.find(id, on: database),
                comment.moderationStatus == .published || comment.authorID == account.id
            else {
                throw ServiceError.notFound("no comment \(id.uuidString.lowercased())")
            }
            proposalID = comment.proposalID
            author = comment.authorID
        }
        guard author != account.id else {
            throw ServiceError.invalid([.init(field: "\(kind.rawValue)Id", message: "you cannot flag your own \(kind.rawValue)")])
        }
        let proposal = try await proposals.get(proposalID, for: account)
        let campaign = try await Visibility.campaign(proposal.campaignSlug, for: account, database: database)
        let now = clock.now
        let trimmed = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await database.withTransaction { tx in
            let count = try await Flags.add(
                target, by: account.id, reason: reason, note: trimmed?.isEmpty == false ? trimmed : nil, now: now, on: tx
            )
            try await ModerationQueue.enqueue(campaign: campaign.id, target, reason: .flagged, now: now, on: tx)
            guard count >= campaign.fields.settings.flagsBeforeHide else { return false }
            // Only published content is hidden: held content is out of sight already.
            switch target {
            case .proposal(let id):
                guard let locked = try await Proposals.lock(id, on: tx), locked.moderationStatus == .published else { return false }
                try await Proposals.setModeration(id, to: .hidden, now: now, on: tx)
            case .comment(let id):
                guard let locked = try await Comments.lock(id, on: tx), locked.moderationStatus == .published else { return false }
                try await Comments.setModeration(id, to: .hidden, now: now, on: tx)
            }
            return true
        }
    }
}
