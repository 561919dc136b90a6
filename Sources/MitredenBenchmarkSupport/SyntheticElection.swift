import Foundation
import MitredenDomain

/// Deterministic random elections with the shape of real participatory budgets, for
/// benchmarks and property tests.
///
/// Shape: costs between 10,000 and 1,000,000 (by default), most of them cheap (median about
/// 130,000), rounded to hundreds, some with 50 cents,
/// a budget of about a third of the total cost, a few very popular projects and a long tail,
/// four districts whose voters prefer their own district's projects, ballots of 1–10
/// approvals (short ones most common, so many voters cast identical ballots), about 1 %
/// empty ballots. Project ids are `"1"`…`"P"`, so ties between `"10"` and `"9"` occur.
public enum SyntheticElection {
    /// What to generate.
    public struct Parameters: Sendable, Hashable {
        public var projects: Int
        public var voters: Int
        public var seed: UInt64
        /// `.approval` or `.cumulative`; other types get approval-like ballots of their kind.
        public var voteType: BudgetVoteType
        /// The budget as a share of the total cost of all projects.
        public var budgetShare: Double
        /// Largest number of projects on one ballot.
        public var maxProjectsPerBallot: Int
        /// Points each voter may distribute on a cumulative ballot.
        public var pointsPerVoter: Int
        /// The cheapest possible cost; the dearest is 100 times as much. Small elections for
        /// tests use small costs so that the per-voter budget, and with it the number of add1
        /// iterations, stays realistic.
        public var minimumCost: Int

        /// Describes an election of `projects` × `voters`; the defaults give the realistic shape
        /// described on `SyntheticElection`.
        public init(
            projects: Int,
            voters: Int,
            seed: UInt64,
            voteType: BudgetVoteType = .approval,
            budgetShare: Double = 0.3,
            maxProjectsPerBallot: Int = 10,
            pointsPerVoter: Int = 10,
            minimumCost: Int = 10_000
        ) {
            self.projects = projects
            self.voters = voters
            self.seed = seed
            self.voteType = voteType
            self.budgetShare = budgetShare
            self.maxProjectsPerBallot = maxProjectsPerBallot
            self.pointsPerVoter = pointsPerVoter
            self.minimumCost = minimumCost
        }
    }

    /// An approval election of `projects` × `voters`, the same for the same seed.
    public static func approval(projects: Int, voters: Int, seed: UInt64) -> BudgetElection {
        make(Parameters(projects: projects, voters: voters, seed: seed))
    }

    /// A cumulative election (each voter spreads up to 10 points over up to 5 projects).
    public static func cumulative(projects: Int, voters: Int, seed: UInt64) -> BudgetElection {
        make(Parameters(projects: projects, voters: voters, seed: seed, voteType: .cumulative, maxProjectsPerBallot: 5))
    }

    /// The election described by `parameters`.
    public static func make(_ parameters: Parameters) -> BudgetElection {
        var random = SplitMix64(seed: parameters.seed)
        let projects = (1...max(parameters.projects, 1)).map { number in
            BudgetProject(id: String(number), cost: randomCost(minimum: parameters.minimumCost, &random))
        }
        let total = projects.reduce(Rational.zero) { $0 + $1.cost }
        let share = Rational(Int((parameters.budgetShare * 1_000).rounded()))
        let budget = Rational((total * share / Rational(1_000_000)).floor) * Rational(1_000)

        let popularity = PopularityModel(projectCount: projects.count, random: &random)
        let ballots = (0..<parameters.voters).map { _ in
            ballot(parameters, popularity: popularity, projects: projects, random: &random)
        }
        // The generator only produces valid content.
        return try! BudgetElection(voteType: parameters.voteType, budget: budget, projects: projects, ballots: ballots)
    }

    private static func randomCost(minimum: Int, _ random: inout SplitMix64) -> Rational {
        // minimum · (1 + 99·u³): skewed towards cheap projects like real calls for proposals.
        // Plain arithmetic rather than exp/log, whose last bits differ between C libraries.
        let unit = random.nextUnit()
        let cents = minimum * 100 + Int((Double(minimum) * 9_900 * unit * unit * unit).rounded())
        // Round to a hundredth of the minimum (whole hundreds by default); some get 50 cents.
        let step = max(minimum, 1)
        let roundedCents = cents / step * step + (random.next(below: 8) == 0 ? 50 : 0)
        return Rational(numerator: .init(roundedCents), denominator: 100)
    }

    /// Ballot lengths 1…10, short ones most common, as in real approval votes.
    private static let lengthWeights = [10, 14, 16, 15, 12, 10, 8, 6, 5, 4]

    private static func ballot(
        _ parameters: Parameters,
        popularity: PopularityModel,
        projects: [BudgetProject],
        random: inout SplitMix64
    ) -> BudgetBallot {
        let empty = random.next(below: 100) == 0
        let limit = min(parameters.maxProjectsPerBallot, projects.count, lengthWeights.count)
        let length = empty ? 0 : pickLength(limit: limit, random: &random)
        let chosen = popularity.sample(count: length, district: random.next(below: PopularityModel.districts), random: &random)
        let ids = chosen.map { projects[$0].id }
        switch parameters.voteType {
        case .approval, .chooseOne:
            return .approval(Set(parameters.voteType == .chooseOne ? Array(ids.prefix(1)) : ids))
        case .ordinal:
            return .ranking(ids)
        case .cumulative, .scoring:
            var points = [Int](repeating: ids.isEmpty ? 0 : 1, count: ids.count)
            let spare = ids.isEmpty ? 0 : random.next(below: max(parameters.pointsPerVoter - ids.count, 0) + 1)
            for _ in 0..<spare { points[random.next(below: ids.count)] += 1 }
            return .points(Dictionary(uniqueKeysWithValues: zip(ids, points.map { Rational($0) })))
        }
    }

    private static func pickLength(limit: Int, random: inout SplitMix64) -> Int {
        let weights = lengthWeights.prefix(max(limit, 1))
        var draw = random.next(below: weights.reduce(0, +))
        for (index, weight) in weights.enumerated() {
            if draw < weight { return index + 1 }
            draw -= weight
        }
        return weights.count
    }
}
