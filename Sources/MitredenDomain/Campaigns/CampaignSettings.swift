import Foundation

public enum CampaignKind: String, Sendable, CaseIterable, Codable { case dialogue, budget }

public enum CampaignStatus: String, Sendable, CaseIterable, Codable { case draft, published, archived }

/// `pre`: content is held until a moderator approves it; `post`: published at once and
/// reviewed when flagged.
public enum ModerationMode: String, Sendable, CaseIterable, Codable { case pre, post }

/// How proposals are ordered when ratings are on. Spelled in snake_case like every other
/// enum of the API; settings stored before 0.2 say `pro-minus-contra` / `positive-only`,
/// which still decode (``init(from:)``) and are written back in the new spelling.
public enum RankingRule: String, Sendable, CaseIterable, Codable {
    /// pro − contra, ties broken by more pro.
    case net = "pro_minus_contra"
    /// Positive votes only.
    case positive = "positive_only"

    /// The spellings stored before the API's enums became one style.
    static let legacySpellings: [String: RankingRule] = ["pro-minus-contra": .net, "positive-only": .positive]

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let rule = RankingRule(rawValue: text) ?? Self.legacySpellings[text] else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "Cannot initialize RankingRule from invalid String value \(text)"))
        }
        self = rule
    }
}

/// The ballot of a budget campaign.
public enum BallotMethod: String, Sendable, CaseIterable, Codable { case approval, knapsack, cumulative }

/// Ballot rules of a budget campaign; which fields matter depends on `method`.
public struct BallotRules: Sendable, Equatable, Codable {
    public var method: BallotMethod
    /// Approval: fewest and most proposals chosen.
    public var minChoices: Int?
    public var maxChoices: Int?
    /// Knapsack: the least share of the area's budget a ballot must spend, in percent.
    public var minSpendPercent: Int?
    /// Cumulative: points each voter distributes.
    public var points: Int?
    /// Cumulative: the most points one proposal may receive from one voter; nil for no cap.
    public var maxPointsPerProposal: Int?
    /// True: a participant votes in one area only; false: in each area.
    public var oneAreaOnly: Bool
    /// True: areas are districts, and a participant whose account names a district votes
    /// only in that district's area (matched by area slug or name, ignoring case).
    /// Participants without a district may vote anywhere. Optional so settings stored
    /// before it existed still decode.
    public var districtOnly: Bool?
    /// The rule the campaign's results are computed with once voting closes, and what
    /// `GET …/results` answers without `method`. nil: staff choose a rule each time.
    public var resultMethod: BudgetRule?

    public init(
        method: BallotMethod, minChoices: Int? = nil, maxChoices: Int? = nil, minSpendPercent: Int? = nil,
        points: Int? = nil, maxPointsPerProposal: Int? = nil, oneAreaOnly: Bool = false,
        districtOnly: Bool? = nil, resultMethod: BudgetRule? = nil
    ) {
        self.method = method
        self.minChoices = minChoices
        self.maxChoices = maxChoices
        self.minSpendPercent = minSpendPercent
        self.points = points
        self.maxPointsPerProposal = maxPointsPerProposal
        self.oneAreaOnly = oneAreaOnly
        self.districtOnly = districtOnly
        self.resultMethod = resultMethod
    }

    /// The vote type the result rules see for ballots of this kind (an import may say
    /// otherwise, per area: `ResultInputs`).
    public var voteType: BudgetVoteType { method == .cumulative ? .cumulative : .approval }
}

/// Limits and rules a campaign's staff choose.
public struct CampaignSettings: Sendable, Equatable, Codable {
    public var commentMaxLength: Int = 2000
    public var flagsBeforeHide: Int = 3
    public var supportsPerParticipant: Int? = nil
    public var ratingsEnabled: Bool = false
    public var rankingRule: RankingRule = .net
    /// Whether comments stay open while voting runs (DESIGN §4: "campaign setting").
    public var commentsDuringVoting: Bool = false
    public var ballot: BallotRules? = nil
    /// From the results phase on, publish the open-data exports (proposals, results, the
    /// Pabulib file and the report) to everyone.
    public var openData: Bool = false
    /// The official-response promise; nil: none (no due dates, reminders or figures).
    public var responsePromise: ResponsePromise? = nil

    public init() {}

    /// Settings are stored as JSON; a key missing there (a setting added after the campaign
    /// was saved) takes its default instead of making the campaign unreadable.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = CampaignSettings()
        commentMaxLength = try container.decodeIfPresent(Int.self, forKey: .commentMaxLength) ?? defaults.commentMaxLength
        flagsBeforeHide = try container.decodeIfPresent(Int.self, forKey: .flagsBeforeHide) ?? defaults.flagsBeforeHide
        supportsPerParticipant = try container.decodeIfPresent(Int.self, forKey: .supportsPerParticipant)
        ratingsEnabled = try container.decodeIfPresent(Bool.self, forKey: .ratingsEnabled) ?? defaults.ratingsEnabled
        rankingRule = try container.decodeIfPresent(RankingRule.self, forKey: .rankingRule) ?? defaults.rankingRule
        commentsDuringVoting = try container.decodeIfPresent(Bool.self, forKey: .commentsDuringVoting) ?? defaults.commentsDuringVoting
        ballot = try container.decodeIfPresent(BallotRules.self, forKey: .ballot)
        openData = try container.decodeIfPresent(Bool.self, forKey: .openData) ?? defaults.openData
        responsePromise = try container.decodeIfPresent(ResponsePromise.self, forKey: .responsePromise)
    }

    /// Every problem, each naming its field (prefixed `settings.`).
    public func problems(for kind: CampaignKind) -> [ScheduleProblem] {
        var problems: [ScheduleProblem] = []
        func add(_ field: String, _ message: String) { problems.append(.init(field: "settings.\(field)", message: message)) }
        if !(1...20000).contains(commentMaxLength) { add("commentMaxLength", "must be between 1 and 20000") }
        if !(1...1000).contains(flagsBeforeHide) { add("flagsBeforeHide", "must be between 1 and 1000") }
        if let supports = supportsPerParticipant, !(1...InputCeilings.maximumQuota).contains(supports) {
            add("supportsPerParticipant", "must be between 1 and \(InputCeilings.maximumQuota)")
        }
        problems += responsePromise?.problems ?? []
        switch (kind, ballot) {
        case (.dialogue, .some): add("ballot", "only budget campaigns have ballot rules")
        case (.budget, .none): add("ballot", "a budget campaign needs ballot rules")
        case (.budget, .some(let ballot)):
            switch ballot.method {
            case .approval:
                let low = ballot.minChoices ?? 1
                if !(0...InputCeilings.maximumChoices).contains(low) {
                    add("ballot.minChoices", "must be between 0 and \(InputCeilings.maximumChoices)")
                }
                if let high = ballot.maxChoices, high < max(low, 1) || high > InputCeilings.maximumChoices {
                    add("ballot.maxChoices", "must be at least minChoices and 1, and at most \(InputCeilings.maximumChoices)")
                }
            case .knapsack:
                if let share = ballot.minSpendPercent, !(0...100).contains(share) { add("ballot.minSpendPercent", "must be between 0 and 100") }
            case .cumulative:
                if !(1...InputCeilings.maximumPoints).contains(ballot.points ?? 0) {
                    add("ballot.points", "a cumulative ballot needs between 1 and \(InputCeilings.maximumPoints) points per voter")
                }
                if let cap = ballot.maxPointsPerProposal, !(1...max(ballot.points ?? 1, 1)).contains(cap) {
                    add("ballot.maxPointsPerProposal", "must be at least 1 and at most the points per voter")
                }
            }
            if let rule = ballot.resultMethod, !rule.isApplicable(to: ballot.voteType) {
                add(
                    "ballot.resultMethod",
                    "'\(rule.rawValue)' needs point ballots; choose from \(BudgetRule.applicable(to: ballot.voteType).map(\.rawValue).joined(separator: ", "))"
                )
            }
        case (.dialogue, .none): break
        }
        return problems
    }
}
