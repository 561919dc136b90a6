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
        /// The text of the latest official response.
        public var responseText: String? = nil
        public init(rank: Int, title: String, supports: Int, pro: Int, contra: Int, score: Int, responseStatus: String?) {
            self.rank = rank; self.title = title; self.supports = supports; self.pro = pro; self.contra = contra
            self.score = score; self.responseStatus = responseStatus
        }

        /// "Umstritten": at least a quarter of the ratings are contra while pro still
        /// outweighs it at most threefold — contra ≥ pro ÷ 3, with some pro at all.
        public var contested: Bool { pro > 0 && contra * 3 >= pro }
    }

    public struct FundedProposal: Sendable, Equatable {
        public var title: String
        public var costCents: Int64
        public init(title: String, costCents: Int64) { self.title = title; self.costCents = costCents }
    }

    /// One project of an area with its votes in the shown run.
    public typealias ProjectResult = ProjectVotes

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
        /// Whether staff have marked this run the official result; otherwise it is provisional.
        public var official = false
        public var computedAt: Date? = nil
        /// Whether ballots gave points (cumulative or scoring), so points differ from approvals.
        public var pointBallots = false
        /// Every project of the area by votes, funded or not.
        public var projects: [ProjectResult] = []
        public init(area: String, budgetCents: Int64, method: String, ballots: Int, inputDigest: String, funded: [FundedProposal]) {
            self.area = area; self.budgetCents = budgetCents; self.method = method; self.ballots = ballots
            self.inputDigest = inputDigest; self.funded = funded
        }
    }

    /// Votes by kind: supports and ratings on proposals, budget ballots (imported anonymous
    /// ones among them).
    public struct VoteCounts: Sendable, Equatable {
        public var supports = 0
        public var pro = 0
        public var contra = 0
        public var ballots = 0
        public var anonymousBallots = 0
        public init() {}
        public var total: Int { supports + pro + contra + ballots }
    }

    /// What was still open when the snapshot was read.
    public struct OpenItems: Sendable, Equatable {
        public var pendingModeration = 0
        /// Published proposals without an official response yet.
        public var unansweredProposals = 0
        public var votingOpen = false
        public init() {}
    }

    public var title: String
    public var summary: String
    /// The responsible unit's name.
    public var unit: String
    public var kind: String
    public var phases: [Phase]
    public var snapshotAt: Date
    /// People who took part: accounts that contributed or voted, plus imported anonymous
    /// ballots (each one voter).
    public var participants: Int
    public var proposals: Int
    public var comments: Int
    public var votes: Int
    public var voteCounts = VoteCounts()
    public var open = OpenItems()
    /// Contributions (proposals and comments) per day, every day of the period, empty ones too.
    public var activity: [(day: Date, count: Int)]
    /// Votes per day (supports, ratings, ballots), the same days as ``activity``.
    public var votesPerDay: [Int] = []
    /// Participants by district, small groups already merged (``SmallGroupSuppression``);
    /// `unknown` is "no district given", `other` the merged small groups. Adds up to
    /// ``participants``.
    public var districts: [(group: String, count: Int)]
    /// District names by slug (as the campaigns' areas name them).
    public var districtNames: [String: String] = [:]
    public var ranking: [RankedProposal]
    /// How the ranking is ordered: `pro_minus_contra`, `positive_only` or `supports`.
    public var rankingRule = "pro_minus_contra"
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

    /// Official when every area's shown run is official; a report without runs has no result to mark.
    public var resultsOfficial: Bool { !outcomes.isEmpty && outcomes.allSatisfy(\.official) }

    /// The period the report covers: from the first phase's start to the snapshot (or the
    /// last phase's end, if earlier).
    public var period: (start: Date, end: Date)? {
        guard let start = phases.map(\.startsAt).min(), let end = phases.map(\.endsAt).max() else { return nil }
        return (start, min(end, snapshotAt))
    }

    public static func == (lhs: CampaignReport, rhs: CampaignReport) -> Bool {
        lhs.title == rhs.title && lhs.snapshotAt == rhs.snapshotAt && lhs.ranking == rhs.ranking && lhs.outcomes == rhs.outcomes
            && lhs.activity.map(\.count) == rhs.activity.map(\.count) && lhs.districts.map(\.count) == rhs.districts.map(\.count)
            && lhs.voteCounts == rhs.voteCounts && lhs.open == rhs.open && lhs.votesPerDay == rhs.votesPerDay
    }
}
