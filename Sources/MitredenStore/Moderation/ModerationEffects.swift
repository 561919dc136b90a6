import Foundation
import MitredenDomain
import PostgresNIO

/// What a decision does to the content it is about, inside the decision's transaction.
struct ModerationEffects {
    let tx: Transaction
    let now: Date

    struct Outcome {
        var author: Account.ID?
        var subject: String
        var summary: String

        func body(reason: ReasonCode?, note: String?) -> String {
            var lines = [summary]
            if let reason { lines.append("Reason: \(reason.rawValue.replacingOccurrences(of: "_", with: " "))") }
            if let note, !note.isEmpty { lines.append("Note from the moderators: \(note)") }
            return lines.joined(separator: "\n\n")
        }
    }

    func apply(_ input: DecisionInput, to item: ModerationItemRecord) async throws -> Outcome {
        switch item.targetType {
        case .proposal: try await applyToProposal(input, item)
        case .comment: try await applyToComment(input, item)
        }
    }

    private func applyToProposal(_ input: DecisionInput, _ item: ModerationItemRecord) async throws -> Outcome {
        guard let proposal = try await Proposals.lock(Proposal.ID(item.targetID), on: tx) else { throw ServiceError.notFound("the proposal is gone") }
        let title = "\"\(proposal.fields.title)\""
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
        return Outcome(
            author: proposal.authorID, subject: "Your proposal \(title): \(Self.verb(input.decision))",
            summary: Self.summary(input, what: "your proposal \(title)", mergeInto: input.mergeInto))
    }

    private func applyToComment(_ input: DecisionInput, _ item: ModerationItemRecord) async throws -> Outcome {
        guard input.decision != .merge else { throw ServiceError.invalid([.init(field: "decision", message: "only proposals can be merged")]) }
        guard let comment = try await Comments.lock(Comment.ID(item.targetID), on: tx) else { throw ServiceError.notFound("the comment is gone") }
        let next = try newStatus(input, current: comment.moderationStatus)
        if input.decision != .reject { try await Flags.dismiss(.comment(comment.id), now: now, on: tx) }
        try await Comments.setModeration(comment.id, to: next, now: now, on: tx)
        return Outcome(
            author: comment.authorID, subject: "Your comment: \(Self.verb(input.decision))",
            summary: Self.summary(input, what: "your comment", mergeInto: nil))
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

    static func verb(_ decision: ModerationDecision) -> String {
        switch decision {
        case .approve: "published"
        case .reject: "removed"
        case .dismissFlags: "reports dismissed"
        case .merge: "merged"
        }
    }

    static func summary(_ input: DecisionInput, what: String, mergeInto: Proposal.ID?) -> String {
        switch input.decision {
        case .approve: "The moderators have published \(what)."
        case .reject: "The moderators have removed \(what) because it breaks the netiquette."
        case .dismissFlags: "The moderators have reviewed reports about \(what) and found nothing wrong; it stays visible."
        case .merge:
            "The moderators have merged \(what) into a similar proposal (\(mergeInto?.uuidString.lowercased() ?? "")). It stays readable with a link to it."
        }
    }
}
