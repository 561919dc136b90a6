import Foundation

/// What a participant may do; staff actions (moderation, official responses) are not
/// listed because they are allowed in every phase.
public enum ParticipantAction: String, Sendable, CaseIterable {
    case submitProposal, comment, support, rate, vote, seeResults
    /// Saving and submitting a budget plan: in the voting phase (decision 0015).
    case plan
}

/// What a participant can do right now, as the API reports it.
public struct Capabilities: Sendable, Equatable {
    public var submitProposal = false
    public var comment = false
    public var support = false
    public var rate = false
    public var vote = false
    public var seeResults = false
    /// Draft and submit a budget plan: only where the campaign has a planner.
    public var plan = false
}

/// The facts about a campaign the phase rules look at.
public struct PhaseContext: Sendable {
    public var status: CampaignStatus
    public var schedule: PhaseSchedule
    public var settings: CampaignSettings
    /// Whether the campaign has a budget planner; the phase rules for plans apply only then.
    public var hasPlanner: Bool

    public init(status: CampaignStatus, schedule: PhaseSchedule, settings: CampaignSettings, hasPlanner: Bool = false) {
        self.status = status
        self.schedule = schedule
        self.settings = settings
        self.hasPlanner = hasPlanner
    }
}

/// An action refused because of the phase; `phase` is nil outside every window.
public struct PhaseRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public var action: ParticipantAction
    public var phase: PhaseKind?
    public var campaignStatus: CampaignStatus

    public var description: String {
        if campaignStatus != .published { return "the campaign is \(campaignStatus.rawValue); participants cannot \(action.phrase)" }
        guard let phase else { return "no phase is running now; participants cannot \(action.phrase)" }
        return "the campaign is in its \(phase.rawValue) phase, in which participants cannot \(action.phrase)"
    }
}

/// The one place that decides, from the schedule and the clock, what participants may do
/// (DESIGN §4). Every service that accepts a participant's action asks ``require(_:in:at:)``.
public enum PhaseRules {
    /// True when `action` is open in `phase` under `settings`.
    public static func allows(_ action: ParticipantAction, in phase: PhaseKind, settings: CampaignSettings) -> Bool {
        switch (action, phase) {
        case (.submitProposal, .proposals): true
        case (.comment, .proposals), (.comment, .discussion): true
        case (.comment, .voting): settings.commentsDuringVoting
        case (.support, .proposals), (.support, .discussion): true
        case (.rate, .proposals), (.rate, .discussion): settings.ratingsEnabled
        case (.vote, .voting): true
        case (.plan, .voting): true
        case (.seeResults, .results): true
        default: false
        }
    }

    /// Everything a participant may do at `instant`; nothing unless the campaign is published.
    public static func capabilities(of campaign: PhaseContext, at instant: Date) -> Capabilities {
        func open(_ action: ParticipantAction) -> Bool { (try? require(action, in: campaign, at: instant)) != nil }
        return Capabilities(
            submitProposal: open(.submitProposal), comment: open(.comment), support: open(.support),
            rate: open(.rate), vote: open(.vote), seeResults: open(.seeResults), plan: campaign.hasPlanner && open(.plan)
        )
    }

    /// Returns the running phase when `action` is allowed at `instant`, else throws a
    /// refusal naming the phase (the API answers it with a 409).
    @discardableResult
    public static func require(_ action: ParticipantAction, in campaign: PhaseContext, at instant: Date) throws(PhaseRefusal) -> PhaseWindow {
        let current = campaign.schedule.current(at: instant)
        guard campaign.status == .published, let current, allows(action, in: current.kind, settings: campaign.settings) else {
            throw PhaseRefusal(action: action, phase: current?.kind, campaignStatus: campaign.status)
        }
        return current
    }
}

extension PhaseRules {
    /// Whether a viewer may see the results at `instant`: everyone once participants may
    /// (the results phase), the staff of the campaign's unit already while it is evaluated.
    public static func resultsVisible(in campaign: PhaseContext, at instant: Date, toStaff staff: Bool) -> Bool {
        if (try? require(.seeResults, in: campaign, at: instant)) != nil { return true }
        return staff && campaign.schedule.current(at: instant)?.kind == .evaluation
    }

    /// Whether the results are out for the public, as open data: the results phase runs,
    /// or the schedule is over (a campaign whose last phase has ended stays published).
    public static func resultsPublished(in campaign: PhaseContext, at instant: Date) -> Bool {
        let current = campaign.schedule.current(at: instant)?.kind
        if current == .results { return true }
        guard current == nil, let last = campaign.schedule.windows.last else { return false }
        return last.endsAt <= instant
    }
}

extension ParticipantAction {
    var phrase: String {
        switch self {
        case .submitProposal: "submit proposals"
        case .comment: "comment"
        case .support: "support proposals"
        case .rate: "rate proposals"
        case .vote: "vote"
        case .seeResults: "see results"
        case .plan: "submit budget plans"
        }
    }
}
