import Foundation
import MitredenDomain

/// What a moderator needs to see to decide an item: the content, where it was posted,
/// what it answers, and why it was reported.
public struct ModerationContext: Sendable {
    public var item: ModerationItemRecord
    public var campaignTitle: String
    public var proposalTitle: String
    /// The proposal's text, or the comment's.
    public var text: String
    public var author: String?
    /// For a reply: the comment it answers.
    public var parentText: String?
    public var flags: [(reason: String, note: String?)]

    /// Loads the context of `item`.
    public static func load(_ item: ModerationItemRecord, database: Database) async throws -> ModerationContext {
        let campaign = try await Campaigns.find(slug: item.campaignSlug, on: database)
        var context = ModerationContext(
            item: item, campaignTitle: campaign?.fields.title ?? item.campaignSlug, proposalTitle: "", text: "",
            author: nil, parentText: nil, flags: [])
        switch item.targetType {
        case .proposal:
            let proposal = try await Proposals.find(Proposal.ID(item.targetID), on: database)
            context.proposalTitle = proposal?.fields.title ?? "(gone)"
            context.text = proposal?.fields.body ?? ""
            context.author = proposal?.authorName
        case .comment:
            let comment = try await Comments.find(Comment.ID(item.targetID), on: database)
            context.text = comment?.body ?? "(gone)"
            context.author = comment?.authorName
            if let proposalID = comment?.proposalID { context.proposalTitle = try await Proposals.find(proposalID, on: database)?.fields.title ?? "" }
            if let parent = comment?.parentID { context.parentText = try await Comments.find(parent, on: database)?.body }
        }
        context.flags = try await Flags.open(item.target, on: database)
        return context
    }

    /// The context as lines for a terminal. Titles, texts, names and flag notes come from
    /// participants, so every line is stripped of what a terminal would obey rather than
    /// show (``TerminalText``).
    public var lines: [String] {
        var lines = [
            "\(item.targetType.rawValue) \(item.targetID.uuidString.lowercased()) — \(item.reason), queued \(item.enqueuedAt.formatted(.iso8601))",
            "campaign: \(campaignTitle)", "proposal: \(proposalTitle)",
        ]
        if let parentText { lines.append("in reply to: \(parentText)") }
        if let author { lines.append("author: \(author)") }
        lines.append("text: \(text)")
        for flag in flags { lines.append("flag: \(flag.reason)\(flag.note.map { " — \($0)" } ?? "")") }
        return lines.map(TerminalText.sanitized)
    }
}
