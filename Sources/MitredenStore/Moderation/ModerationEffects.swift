import Foundation
import MitredenDomain
import PostgresNIO

/// What a decision does to the content it is about, inside the decision's transaction.
struct ModerationEffects {
    let tx: Transaction
    let now: Date

    /// Whose contribution the decision was about, and which, for the author's mail.
    struct Outcome {
        var author: Account.ID?
        var content: ModerationMail.Content
    }

    func apply(_ input: DecisionInput, to item: ModerationItemRecord) async throws -> Outcome {
        switch item.targetType {
        case .proposal: try await applyToProposal(input, item)
        case .comment: try await applyToComment(input, item)
        }
    }

    private func applyToProposal(_ input: DecisionInput, _ item: ModerationItemRecord) async throws -> Outcome {
        guard let proposal = try await Proposals.lock(Proposal.ID(item.targetID), on: tx) else { throw ServiceError.notFound("the proposal is gone") }
        let next = try newStatus(input, current: proposal.moderationStatus)
        if input.decision == .merge {
            guard let target = input.mergeInto, target != proposal.id, let into = try await Proposals.find(target, on: tx),
                into.campaignID == proposal.campaignID, into.moderationStatus == .published, into.mergedInto == nil
            else {
                throw ServiceError.invalid([.init(field: "mergeInto", message: "must be another published proposal of the same campaign")])
            }
            try await Proposals.merge(proposal.id, into: target, on: tx)
        }
        if input.decision != .reject { try await Flags.dismiss(.proposal(proposal.id), now: now, on: tx) }
        try await Proposals.setModeration(proposal.id, to: next, now: now, on: tx)
        return Outcome(author: proposal.authorID, content: .proposal(title: proposal.fields.title))
    }

    private func applyToComment(_ input: DecisionInput, _ item: ModerationItemRecord) async throws -> Outcome {
        guard input.decision != .merge else { throw ServiceError.invalid([.init(field: "decision", message: "only proposals can be merged")]) }
        guard let comment = try await Comments.lock(Comment.ID(item.targetID), on: tx) else { throw ServiceError.notFound("the comment is gone") }
        let next = try newStatus(input, current: comment.moderationStatus)
        if input.decision != .reject { try await Flags.dismiss(.comment(comment.id), now: now, on: tx) }
        try await Comments.setModeration(comment.id, to: next, now: now, on: tx)
        return Outcome(author: comment.authorID, content: .comment)
    }

    private func newStatus(_ input: DecisionInput, current: ModerationStatus) throws -> ModerationStatus {
        switch input.decision {
        case .approve, .merge: return .published
        case .reject: return .rejected
        case .dismissFlags:
            guard current != .pending else { throw ServiceError.conflict(.state, "content held for approval is approved or rejected, not dismissed") }
            return current == .hidden ? .published : current
        }
    }
}
