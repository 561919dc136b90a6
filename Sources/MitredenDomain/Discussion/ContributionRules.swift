import Foundation

/// A problem with a contribution; `field` names the input at fault.
public struct ContributionProblem: Error, Sendable, Equatable {
    public var field: String
    public var message: String
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// Where a piece of content stands with the moderators.
public enum ModerationStatus: String, Sendable, CaseIterable, Codable {
    /// Held for pre-moderation: seen by its author and the unit's staff only.
    case pending
    case published
    /// Flagged past the campaign's threshold; waits for a moderator.
    case hidden
    case rejected
}

/// What became of a proposal, as the responsible unit answers it.
public enum LifecycleStatus: String, Sendable, CaseIterable, Codable {
    case open, underReview = "under_review", accepted, rejected, implemented, noted
}

/// How a contribution reached the city.
public enum ContributionChannel: String, Sendable, CaseIterable, Codable {
    case online, paper, phone, inPerson = "in_person", `import`
}

/// An argument's side in a debate.
public enum Stance: String, Sendable, CaseIterable, Codable { case pro, contra, neutral }

/// Why a participant reports content, and why a moderator rejects it (plus `duplicate`).
public enum ReasonCode: String, Sendable, CaseIterable, Codable {
    case insult, discrimination, offTopic = "off_topic", spam, personalData = "personal_data", illegal, duplicate, other

    /// The codes a participant may use in a flag.
    public static let flaggable: [ReasonCode] = [.insult, .discrimination, .offTopic, .spam, .personalData, .illegal, .other]
}

/// What a moderator decides about a queued item.
public enum ModerationDecision: String, Sendable, CaseIterable, Codable {
    case approve, reject, dismissFlags = "dismiss_flags", merge
}

/// Text limits and the checks shared by every way a contribution arrives.
public enum ContributionRules {
    public static let titleLimit = 200
    public static let bodyLimit = 20000
    public static let noteLimit = 1000
    public static let maxCommentDepth = 3
    /// Bounds on a proposal list's `q` and `seed`: both go into every row's comparison.
    public static let searchLimit = 200
    public static let seedLimit = 64

    /// Problems with a proposal's texts and cost; `budget` campaigns need an area and a cost.
    public static func proposalProblems(
        title: String?, body: String?, costCents: Int64?, hasArea: Bool, budget: Bool, checkRequired: Bool
    ) -> [ContributionProblem] {
        var problems: [ContributionProblem] = []
        if let title {
            let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty {
                problems.append(.init(field: "title", message: "must not be empty"))
            } else if trimmed.codePoints > titleLimit {
                problems.append(.init(field: "title", message: "must have at most \(titleLimit) characters"))
            }
        } else if checkRequired {
            problems.append(.init(field: "title", message: "is required"))
        }
        if let body, body.codePoints > bodyLimit {
            problems.append(.init(field: "body", message: "must have at most \(bodyLimit) characters"))
        }
        if let costCents, !(0...InputCeilings.maximumCents).contains(costCents) {
            problems.append(.init(field: "costCents", message: "must be between 0 and \(InputCeilings.maximumCents) cents"))
        }
        if budget && checkRequired {
            if !hasArea { problems.append(.init(field: "area", message: "a budget campaign needs the area the proposal is for")) }
            if costCents == nil { problems.append(.init(field: "costCents", message: "a budget campaign needs an estimated cost")) }
        }
        return problems
    }

    /// Problems with a comment's text under the campaign's length limit.
    public static func commentProblems(body: String, maxLength: Int) -> [ContributionProblem] {
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return [.init(field: "body", message: "must not be empty")] }
        if body.codePoints > maxLength { return [.init(field: "body", message: "must have at most \(maxLength) characters in this campaign")] }
        return []
    }

    /// A flag needs a code a participant may use, and a note when the code is `other`.
    public static func flagProblems(reason: ReasonCode, note: String?) -> [ContributionProblem] {
        if !ReasonCode.flaggable.contains(reason) { return [.init(field: "reason", message: "is not a reason participants can give")] }
        let text = note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if reason == .other && text.isEmpty { return [.init(field: "note", message: "say what is wrong when the reason is 'other'")] }
        if text.codePoints > noteLimit { return [.init(field: "note", message: "must have at most \(noteLimit) characters")] }
        return []
    }

    /// Problems with a proposal list's search words and shuffle seed, named as the query
    /// parameters `q` and `seed`.
    public static func listQueryProblems(q: String?, seed: String?) -> [ContributionProblem] {
        var problems: [ContributionProblem] = []
        if let q, q.codePoints > searchLimit { problems.append(.init(field: "q", message: "must have at most \(searchLimit) characters")) }
        if let seed, seed.codePoints > seedLimit { problems.append(.init(field: "seed", message: "must have at most \(seedLimit) characters")) }
        return problems
    }

    /// The status new content starts in under the campaign's moderation mode.
    public static func initialStatus(under mode: ModerationMode) -> ModerationStatus {
        mode == .pre ? .pending : .published
    }
}
