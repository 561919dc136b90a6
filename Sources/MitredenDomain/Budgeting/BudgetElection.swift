/// How voters express themselves in a participatory-budgeting vote (Pabulib `vote_type`).
public enum BudgetVoteType: String, Sendable, Hashable, CaseIterable {
    /// Each voter approves a set of projects.
    case approval
    /// Each voter picks at most one project; counted like `approval`.
    case chooseOne = "choose-1"
    /// Each voter distributes points over projects.
    case cumulative
    /// Each voter gives a score to projects.
    case scoring
    /// Each voter ranks projects, most preferred first.
    case ordinal

    /// Whether ballots of this type carry a number per project (cumulative and scoring).
    public var carriesPoints: Bool { self == .cumulative || self == .scoring }
}

/// A project that can be funded.
public struct BudgetProject: Sendable, Hashable {
    /// Opaque identifier, compared exactly and ordered by Unicode scalars (SPEC §2.3).
    public var id: String
    /// The exact cost, at least zero. It may exceed the budget.
    public var cost: Rational

    /// Creates a project; `cost` must not be negative (checked by `BudgetElection`).
    public init(id: String, cost: Rational) {
        self.id = id
        self.cost = cost
    }
}

/// One voter's ballot.
public enum BudgetBallot: Sendable, Hashable {
    /// Approved projects (approval and choose-1 votes). May be empty.
    case approval(Set<String>)
    /// Ranked projects, most preferred first, each at most once (ordinal votes).
    case ranking([String])
    /// Points per project, each at least zero (cumulative and scoring votes).
    case points([String: Rational])

    /// The approval projection of SPEC §2.2: the listed projects, or for point ballots the
    /// projects with more than zero points. Every rule except the points rules works on it.
    public var approvedProjectIDs: Set<String> {
        switch self {
        case .approval(let ids): ids
        case .ranking(let ids): Set(ids)
        case .points(let points): Set(points.compactMap { $0.value > .zero ? $0.key : nil })
        }
    }

    /// Whether this kind of ballot is what voters of `voteType` cast.
    func matches(_ voteType: BudgetVoteType) -> Bool {
        switch (self, voteType) {
        case (.approval, .approval), (.approval, .chooseOne): true
        case (.ranking, .ordinal): true
        case (.points, .cumulative), (.points, .scoring): true
        default: false
        }
    }

    var mentionedProjectIDs: [String] {
        switch self {
        case .approval(let ids): Array(ids)
        case .ranking(let ids): ids
        case .points(let points): Array(points.keys)
        }
    }
}

/// A participatory-budgeting election as the result rules see it, independent of where it
/// came from (a Pabulib file, stored ballots, a generator).
///
/// Every ballot is one voter, including empty ballots: they count in the number of voters n
/// and so dilute the per-voter budget of the equal-shares rules (SPEC §2.2).
public struct BudgetElection: Sendable, Hashable {
    /// How the ballots were cast; decides which rules apply.
    public let voteType: BudgetVoteType
    /// The money available, at least zero.
    public let budget: Rational
    /// The projects in their original order; ids are unique.
    public let projects: [BudgetProject]
    /// One ballot per voter, in their original order.
    public let ballots: [BudgetBallot]

    /// Creates a validated election.
    ///
    /// - Throws: `BudgetElectionError` when an id repeats, a cost, the budget or a point value is
    ///   negative, a ballot names a project that does not exist, or a ballot is not of the kind
    ///   that `voteType` calls for.
    public init(
        voteType: BudgetVoteType,
        budget: Rational,
        projects: [BudgetProject],
        ballots: [BudgetBallot]
    ) throws(BudgetElectionError) {
        guard !budget.isNegative else { throw .negativeBudget }
        var known = Set<String>(minimumCapacity: projects.count)
        for project in projects {
            guard known.insert(project.id).inserted else { throw .duplicateProject(project.id) }
            guard !project.cost.isNegative else { throw .negativeCost(project.id) }
        }
        for (index, ballot) in ballots.enumerated() {
            guard ballot.matches(voteType) else {
                throw .ballotKindMismatch(ballotIndex: index, voteType: voteType)
            }
            for id in ballot.mentionedProjectIDs where !known.contains(id) {
                throw .unknownProject(id, ballotIndex: index)
            }
            if case .points(let points) = ballot,
                let negative = points.first(where: { $0.value.isNegative })
            {
                throw .negativePoints(negative.key, ballotIndex: index)
            }
        }
        self.voteType = voteType
        self.budget = budget
        self.projects = projects
        self.ballots = ballots
    }
}

/// Why a `BudgetElection` could not be built.
public enum BudgetElectionError: Error, Sendable, Hashable, CustomStringConvertible {
    case negativeBudget
    case duplicateProject(String)
    case negativeCost(String)
    case unknownProject(String, ballotIndex: Int)
    case negativePoints(String, ballotIndex: Int)
    case ballotKindMismatch(ballotIndex: Int, voteType: BudgetVoteType)

    public var description: String {
        switch self {
        case .negativeBudget:
            "the budget is negative"
        case .duplicateProject(let id):
            "project \"\(id)\" appears more than once"
        case .negativeCost(let id):
            "project \"\(id)\" has a negative cost"
        case .unknownProject(let id, let index):
            "ballot \(index + 1) names project \"\(id)\", which does not exist"
        case .negativePoints(let id, let index):
            "ballot \(index + 1) gives negative points to project \"\(id)\""
        case .ballotKindMismatch(let index, let voteType):
            "ballot \(index + 1) is not a \(voteType.rawValue) ballot"
        }
    }
}
