import Foundation
import MitredenDomain
import MitredenStore
import PostgresNIO

/// What a decision does to the content it is about, inside the decision's transaction.
struct ModerationEffects {
    let database: Database
    let connection: PostgresConnection
    let now: Date

    struct Outcome {
        var author: UUID?
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
        let proposals = Proposals(database: database)
        guard let proposal = try await proposals.lock(item.targetID, on: connection) else { throw APIError.notFound("the proposal is gone") }
        let title = "\"\(proposal.fields.title)\""
        let next = try newStatus(input, current: proposal.moderationStatus)
        if input.decision == .merge {
            guard let target = input.mergeInto, target != proposal.id, let into = try await proposals.find(target),
                  into.campaignID == proposal.campaignID, into.moderationStatus == .published, into.mergedInto == nil else {
                throw APIError.validation([.init(field: "mergeInto", message: "must be another published proposal of the same campaign")])
            }
            try await proposals.merge(proposal.id, into: target, on: connection)
        }
        if input.decision != .reject { try await Flags(database: database).dismiss(.proposal, proposal.id, now: now, on: connection) }
        try await proposals.setModeration(proposal.id, to: next, now: now, on: connection)
        return Outcome(author: proposal.authorID, subject: "Your proposal \(title): \(Self.verb(input.decision))",
                       summary: Self.summary(input, what: "your proposal \(title)", mergeInto: input.mergeInto))
    }

    private func applyToComment(_ input: DecisionInput, _ item: ModerationItemRecord) async throws -> Outcome {
        guard input.decision != .merge else { throw APIError.validation([.init(field: "decision", message: "only proposals can be merged")]) }
        let comments = Comments(database: database)
        guard let comment = try await comments.lock(item.targetID, on: connection) else { throw APIError.notFound("the comment is gone") }
        let next = try newStatus(input, current: comment.moderationStatus)
        if input.decision != .reject { try await Flags(database: database).dismiss(.comment, comment.id, now: now, on: connection) }
        try await comments.setModeration(comment.id, to: next, now: now, on: connection)
        return Outcome(author: comment.authorID, subject: "Your comment: \(Self.verb(input.decision))",
                       summary: Self.summary(input, what: "your comment", mergeInto: nil))
    }

    private func newStatus(_ input: DecisionInput, current: ModerationStatus) throws -> ModerationStatus {
        switch input.decision {
        case .approve, .merge: return .published
        case .reject: return .rejected
        case .dismissFlags:
            guard current != .pending else { throw APIError.conflict("content held for approval is approved or rejected, not dismissed") }
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

    static func summary(_ input: DecisionInput, what: String, mergeInto: UUID?) -> String {
        switch input.decision {
        case .approve: "The moderators have published \(what)."
        case .reject: "The moderators have removed \(what) because it breaks the netiquette."
        case .dismissFlags: "The moderators have reviewed reports about \(what) and found nothing wrong; it stays visible."
        case .merge: "The moderators have merged \(what) into a similar proposal (\(mergeInto?.uuidString.lowercased() ?? "")). It stays readable with a link to it."
        }
    }
}
