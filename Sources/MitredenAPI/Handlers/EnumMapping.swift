import MitredenDomain
import MitredenOpenAPI
import MitredenStore

// Between the generated API enums and the domain's. Every conversion is a `switch` that
// names each case: a value added on either side is a compile error here until it is
// mapped, never a silent default (an unknown moderation decision once became "approve").
// Unknown values in a request never get this far: the generated decoder refuses them (400).

extension ModerationDecision {
    /// From a request.
    init(_ value: Components.Schemas.DecisionRequest.DecisionPayload) {
        switch value {
        case .approve: self = .approve
        case .reject: self = .reject
        case .dismissFlags: self = .dismissFlags
        case .merge: self = .merge
        }
    }
}

extension ReasonCode {
    /// From a request.
    init(_ value: Components.Schemas.ReasonCode) {
        switch value {
        case .insult: self = .insult
        case .discrimination: self = .discrimination
        case .offTopic: self = .offTopic
        case .spam: self = .spam
        case .personalData: self = .personalData
        case .illegal: self = .illegal
        case .duplicate: self = .duplicate
        case .other: self = .other
        }
    }
}

extension Stance {
    /// From a request.
    init(_ value: Components.Schemas.CommentRequest.StancePayload) {
        switch value {
        case .pro: self = .pro
        case .contra: self = .contra
        case .neutral: self = .neutral
        }
    }
}

extension ModerationMode {
    /// From a request.
    init(_ value: Components.Schemas.ModerationMode) {
        switch value {
        case .pre: self = .pre
        case .post: self = .post
        }
    }
}

extension ProposalSort {
    /// From a request.
    init(_ value: Operations.ListProposals.Input.Query.SortPayload) {
        switch value {
        case .top: self = .top
        case .new: self = .new
        case .random: self = .random
        case .ranking: self = .ranking
        case .relevance: self = .relevance
        }
    }
}

extension LifecycleStatus {
    /// From a request.
    init(_ value: Components.Schemas.LifecycleStatus) {
        switch value {
        case .open: self = .open
        case .underReview: self = .underReview
        case .accepted: self = .accepted
        case .rejected: self = .rejected
        case .implemented: self = .implemented
        case .noted: self = .noted
        }
    }
}

extension ContributionChannel {
    /// From a request.
    init(_ value: Components.Schemas.ProposalRequest.ChannelPayload) {
        switch value {
        case .online: self = .online
        case .paper: self = .paper
        case .phone: self = .phone
        case .inPerson: self = .inPerson
        }
    }
}

extension RankingRule {
    /// From a request.
    init(_ value: Components.Schemas.CampaignSettingsInput.RankingRulePayload) {
        switch value {
        case .proMinusContra: self = .net
        case .positiveOnly: self = .positive
        }
    }
}

extension BallotMethod {
    /// From a request.
    init(_ value: Components.Schemas.BallotRulesInput.MethodPayload) {
        switch value {
        case .approval: self = .approval
        case .knapsack: self = .knapsack
        case .cumulative: self = .cumulative
        }
    }
}

extension PhaseKind {
    /// From a request.
    init(_ value: Components.Schemas.PhaseKind) {
        switch value {
        case .information: self = .information
        case .proposals: self = .proposals
        case .discussion: self = .discussion
        case .voting: self = .voting
        case .evaluation: self = .evaluation
        case .results: self = .results
        }
    }
}

extension CampaignKind {
    /// From a request.
    init(_ value: Components.Schemas.CampaignKind) {
        switch value {
        case .dialogue: self = .dialogue
        case .budget: self = .budget
        }
    }
}

extension UnitRole {
    /// From a request.
    init(_ value: Components.Schemas.UnitRole) {
        switch value {
        case .moderator: self = .moderator
        case .official: self = .official
        case .manager: self = .manager
        }
    }
}

extension Components.Schemas.Proposal.ChannelPayload {
    /// For a response.
    init(_ value: ContributionChannel) {
        switch value {
        case .online: self = .online
        case .paper: self = .paper
        case .phone: self = .phone
        case .inPerson: self = .inPerson
        case .`import`: self = ._import
        }
    }
}

extension Components.Schemas.ModerationStatus {
    /// For a response.
    init(_ value: ModerationStatus) {
        switch value {
        case .pending: self = .pending
        case .published: self = .published
        case .hidden: self = .hidden
        case .rejected: self = .rejected
        }
    }
}

extension Components.Schemas.LifecycleStatus {
    /// For a response.
    init(_ value: LifecycleStatus) {
        switch value {
        case .open: self = .open
        case .underReview: self = .underReview
        case .accepted: self = .accepted
        case .rejected: self = .rejected
        case .implemented: self = .implemented
        case .noted: self = .noted
        }
    }
}

extension Components.Schemas.Comment.StancePayload {
    /// For a response.
    init(_ value: Stance) {
        switch value {
        case .pro: self = .pro
        case .contra: self = .contra
        case .neutral: self = .neutral
        }
    }
}

extension Components.Schemas.MyComment.StancePayload {
    /// For a response.
    init(_ value: Stance) {
        switch value {
        case .pro: self = .pro
        case .contra: self = .contra
        case .neutral: self = .neutral
        }
    }
}

extension Components.Schemas.ModerationItem.TargetTypePayload {
    /// For a response.
    init(_ value: ContentKind) {
        switch value {
        case .proposal: self = .proposal
        case .comment: self = .comment
        }
    }
}

extension Components.Schemas.ModerationItem.DecisionPayload {
    /// For a response.
    init(_ value: ModerationDecision) {
        switch value {
        case .approve: self = .approve
        case .reject: self = .reject
        case .dismissFlags: self = .dismissFlags
        case .merge: self = .merge
        }
    }
}

extension Components.Schemas.CampaignKind {
    /// For a response.
    init(_ value: CampaignKind) {
        switch value {
        case .dialogue: self = .dialogue
        case .budget: self = .budget
        }
    }
}

extension Components.Schemas.CampaignStatus {
    /// For a response.
    init(_ value: CampaignStatus) {
        switch value {
        case .draft: self = .draft
        case .published: self = .published
        case .archived: self = .archived
        }
    }
}

extension Components.Schemas.ModerationMode {
    /// For a response.
    init(_ value: ModerationMode) {
        switch value {
        case .pre: self = .pre
        case .post: self = .post
        }
    }
}

extension Components.Schemas.PhaseKind {
    /// For a response.
    init(_ value: PhaseKind) {
        switch value {
        case .information: self = .information
        case .proposals: self = .proposals
        case .discussion: self = .discussion
        case .voting: self = .voting
        case .evaluation: self = .evaluation
        case .results: self = .results
        }
    }
}

extension Components.Schemas.CampaignSettings.RankingRulePayload {
    /// For a response.
    init(_ value: RankingRule) {
        switch value {
        case .net: self = .proMinusContra
        case .positive: self = .positiveOnly
        }
    }
}

extension Components.Schemas.Results.RankingRulePayload {
    /// For a response.
    init(_ value: RankingRule) {
        switch value {
        case .net: self = .proMinusContra
        case .positive: self = .positiveOnly
        }
    }
}

extension Components.Schemas.BallotRules.MethodPayload {
    /// For a response.
    init(_ value: BallotMethod) {
        switch value {
        case .approval: self = .approval
        case .knapsack: self = .knapsack
        case .cumulative: self = .cumulative
        }
    }
}

extension Components.Schemas.UnitRole {
    /// For a response.
    init(_ value: UnitRole) {
        switch value {
        case .moderator: self = .moderator
        case .official: self = .official
        case .manager: self = .manager
        }
    }
}

extension Components.Schemas.ModerationItem.ReasonPayload {
    /// For a response.
    init(_ value: QueueReason) {
        switch value {
        case .new: self = .new
        case .flagged: self = .flagged
        }
    }
}

extension Components.Schemas.PersonalDataExport.ContributionsPayloadPayload.KindPayload {
    /// For a response.
    init(_ value: ContentKind) {
        switch value {
        case .proposal: self = .proposal
        case .comment: self = .comment
        }
    }
}

/// The values each request enum of the API accepts, by the type name a decoding error
/// reports, so that an invalid value is answered with what is allowed.
enum RequestEnumValues {
    static let byTypeName: [String: [String]] = {
        var values: [String: [String]] = [:]
        func add<T: CaseIterable & RawRepresentable>(_ type: T.Type) where T.RawValue == String {
            values[String(describing: type)] = type.allCases.map(\.rawValue)
        }
        add(Components.Schemas.DecisionRequest.DecisionPayload.self)
        add(Components.Schemas.ReasonCode.self)
        add(Components.Schemas.CommentRequest.StancePayload.self)
        add(Components.Schemas.ModerationMode.self)
        add(Operations.ListProposals.Input.Query.SortPayload.self)
        add(Components.Schemas.LifecycleStatus.self)
        add(Components.Schemas.ProposalRequest.ChannelPayload.self)
        add(Components.Schemas.CampaignSettingsInput.RankingRulePayload.self)
        add(Components.Schemas.BallotRulesInput.MethodPayload.self)
        add(Components.Schemas.BallotRulesInput.ResultMethodPayload.self)
        add(Components.Schemas.PhaseKind.self)
        add(Components.Schemas.CampaignKind.self)
        add(Components.Schemas.UnitRole.self)
        add(Components.Schemas.ImplementationStatus.self)
        return values
    }()
}

extension BudgetRule {
    /// From a request (`settings.ballot.resultMethod`).
    init(_ value: Components.Schemas.BallotRulesInput.ResultMethodPayload) {
        switch value {
        case .greedyVotes: self = .greedyVotes
        case .greedyVotesPerCost: self = .greedyVotesPerCost
        case .greedyPoints: self = .greedyPoints
        case .mesCost: self = .mesCost
        case .mesApproval: self = .mesApproval
        case .mesPoints: self = .mesPoints
        case .mesCostAdd1: self = .mesCostAdd1
        case .mesCostAdd1Greedy: self = .mesCostAdd1Greedy
        case .mesCostAdd1Equalshares: self = .mesCostAdd1EqualShares
        case .seqPhragmen: self = .seqPhragmen
        }
    }
}

extension Components.Schemas.BallotRules.ResultMethodPayload {
    /// For a response.
    init(_ value: BudgetRule) {
        switch value {
        case .greedyVotes: self = .greedyVotes
        case .greedyVotesPerCost: self = .greedyVotesPerCost
        case .greedyPoints: self = .greedyPoints
        case .mesCost: self = .mesCost
        case .mesApproval: self = .mesApproval
        case .mesPoints: self = .mesPoints
        case .mesCostAdd1: self = .mesCostAdd1
        case .mesCostAdd1Greedy: self = .mesCostAdd1Greedy
        case .mesCostAdd1EqualShares: self = .mesCostAdd1Equalshares
        case .seqPhragmen: self = .seqPhragmen
        }
    }
}
