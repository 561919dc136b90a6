import Foundation

/// Everything the council report shows, gathered from one snapshot; rendered by
/// ``ReportRenderer`` into one self-contained HTML file.
public struct CampaignReport: Sendable, Equatable {
    public struct Phase: Sendable, Equatable {
        public var kind: String
        public var startsAt: Date
        public var endsAt: Date
        public init(kind: String, startsAt: Date, endsAt: Date) { self.kind = kind; self.startsAt = startsAt; self.endsAt = endsAt }
    }

    public struct RankedProposal: Sendable, Equatable {
        public var rank: Int
        public var title: String
        public var supports: Int
        public var pro: Int
        public var contra: Int
        public var score: Int
        public var responseStatus: String?
        public init(rank: Int, title: String, supports: Int, pro: Int, contra: Int, score: Int, responseStatus: String?) {
            self.rank = rank; self.title = title; self.supports = supports; self.pro = pro; self.contra = contra
            self.score = score; self.responseStatus = responseStatus
        }
    }

    public struct FundedProposal: Sendable, Equatable {
        public var title: String
        public var costCents: Int64
        public init(title: String, costCents: Int64) { self.title = title; self.costCents = costCents }
    }

    /// One area's official (or latest) result run.
    public struct AreaOutcome: Sendable, Equatable {
        public var area: String
        public var budgetCents: Int64
        public var method: String
        public var ballots: Int
        public var inputDigest: String
        public var funded: [FundedProposal]
        /// Why each project was or was not funded (``ReportExplanations`` renders it).
        public var explanation: ResultExplanation?
        /// Titles of the projects by the id the rule saw.
        public var titles: [String: String] = [:]
        /// Set when a staff exclusion after the close made this run: why.
        public var supersedeReason: String?
        public init(area: String, budgetCents: Int64, method: String, ballots: Int, inputDigest: String, funded: [FundedProposal]) {
            self.area = area; self.budgetCents = budgetCents; self.method = method; self.ballots = ballots
            self.inputDigest = inputDigest; self.funded = funded
        }
    }

    public var title: String
    public var summary: String
    public var unit: String
    public var kind: String
    public var phases: [Phase]
    public var snapshotAt: Date
    public var participants: Int
    public var proposals: Int
    public var comments: Int
    public var votes: Int
    /// Contributions (proposals and comments) per day.
    public var activity: [(day: Date, count: Int)]
    /// Participants by district, small groups already merged (``SmallGroupSuppression``).
    public var districts: [(group: String, count: Int)]
    public var ranking: [RankedProposal]
    public var outcomes: [AreaOutcome]
    public var decisionsByReason: [(reason: String, count: Int)]
    public var medianDecisionSeconds: Double?
    public var p90DecisionSeconds: Double?
    public var responsesByStatus: [(status: String, count: Int)]
    /// The chapter on response times and implementation (``AccountabilityChapter``).
    public var accountability: AccountabilityChapter? = nil
    /// The budget planner's chapter (``PlannerReport``), when the campaign has a planner.
    public var planner: PlannerReport? = nil

    public init(title: String, summary: String, unit: String, kind: String, phases: [Phase], snapshotAt: Date) {
        self.title = title; self.summary = summary; self.unit = unit; self.kind = kind; self.phases = phases
        self.snapshotAt = snapshotAt
        participants = 0; proposals = 0; comments = 0; votes = 0; activity = []; districts = []; ranking = []
        outcomes = []; decisionsByReason = []; medianDecisionSeconds = nil; p90DecisionSeconds = nil; responsesByStatus = []
    }

    public static func == (lhs: CampaignReport, rhs: CampaignReport) -> Bool {
        lhs.title == rhs.title && lhs.snapshotAt == rhs.snapshotAt && lhs.ranking == rhs.ranking && lhs.outcomes == rhs.outcomes
            && lhs.activity.map(\.count) == rhs.activity.map(\.count) && lhs.districts.map(\.count) == rhs.districts.map(\.count)
    }
}
