import BigInt
import Foundation

/// The votes one project received in one result run, counted from exactly the run's input:
/// how many ballots chose it and how many points they gave it (equal to the approvals for
/// approval and knapsack ballots). Stored with the run, so every reader shows the same count.
public struct ProjectTally: Codable, Sendable, Equatable {
    /// The proposal's lower-case UUID.
    public var proposalId: String
    public var approvals: Int
    /// Exact decimal.
    public var points: String

    public init(proposalId: String, approvals: Int, points: String) {
        self.proposalId = proposalId; self.approvals = approvals; self.points = points
    }

    /// One tally per project (in the given order, zero for projects nobody chose) from
    /// ballots of (project, exact decimal points).
    public static func count(projects: [String], ballots: [[(project: String, points: String)]]) -> [ProjectTally] {
        var approvals: [String: Int] = [:]
        var points: [String: Decimal] = [:]
        for ballot in ballots {
            for choice in ballot {
                approvals[choice.project, default: 0] += 1
                points[choice.project, default: 0] += Decimal(string: choice.points, locale: Locale(identifier: "en_US_POSIX")) ?? 0
            }
        }
        return projects.map { id in
            var sum = points[id] ?? 0
            var rounded = Decimal()
            NSDecimalRound(&rounded, &sum, 6, .plain)
            return ProjectTally(proposalId: id, approvals: approvals[id] ?? 0, points: "\(rounded)")
        }
    }
}

/// By how much a project that was not funded missed: the money it lacked when its turn came
/// (greedy, Phragmén, over budget, equal shares when its supporters' money ran out) or the
/// supporters it lacked (equal shares). Nil for funded projects and those nobody chose.
public struct Shortfall: Sendable, Equatable {
    public var cents: Int64?
    public var supporters: Int?

    public init(cents: Int64? = nil, supporters: Int? = nil) { self.cents = cents; self.supporters = supporters }

    public static func of(_ project: ProjectExplanation, budgetCents: Int64) -> Shortfall? {
        guard !project.funded else { return nil }
        let cost = Self.cents(project.cost)
        func lacking(_ available: String?) -> Shortfall? {
            guard let cost, let available = available.flatMap(Self.cents) else { return nil }
            return Shortfall(cents: max(cost - available, 0))
        }
        switch project.reason {
        case .didNotFit, .phragmenStopped: return lacking(project.remainingBudget)
        case .supportersMoneyRanOut: return lacking(project.supportersMoney)
        case .overBudget: return cost.map { Shortfall(cents: max($0 - budgetCents, 0)) }
        case .neededMoreSupporters:
            return project.neededSupporters.map { Shortfall(supporters: max($0 - project.supporters, 0)) }
        default: return nil
        }
    }

    /// An exact amount in currency units (a decimal or `numerator/denominator`) in cents,
    /// rounded up: a shortfall of 0.001 € is still one cent short.
    static func cents(_ text: String) -> Int64? {
        let parts = text.split(separator: "/")
        let value: Rational?
        if parts.count == 2, let n = BigInt(String(parts[0])), let d = BigInt(String(parts[1])), !d.isZero {
            value = Rational(numerator: n, denominator: d)
        } else {
            value = Rational(decimal: text)
        }
        guard let value else { return nil }
        let scaled = value * Rational(100)
        let ceiling = scaled.isInteger ? scaled.floor : scaled.floor + 1
        return Int64(ceiling.description)
    }
}

/// One project of an area as every reader shows it: its votes in the run, its cost, whether
/// the run funded it and, if not, by how much it missed; ranked by votes (points for point
/// ballots), ties sharing a rank.
public struct ProjectVotes: Sendable, Equatable {
    public var rank: Int
    public var proposalId: String
    public var title: String
    public var costCents: Int64
    public var approvals: Int
    /// Exact decimal.
    public var points: String
    public var funded: Bool
    public var shortfall: Shortfall?

    public init(
        rank: Int, proposalId: String = "", title: String, costCents: Int64, approvals: Int, points: String, funded: Bool,
        shortfall: Shortfall?
    ) {
        self.rank = rank; self.proposalId = proposalId; self.title = title; self.costCents = costCents; self.approvals = approvals
        self.points = points; self.funded = funded; self.shortfall = shortfall
    }

    /// The table of a run: every tallied project, joined with the explanation (by proposal
    /// id) and the selection. `project` names a proposal id's title and cost; projects it
    /// does not know (removed since) are left out.
    public static func table(
        tallies: [ProjectTally], explanation: ResultExplanation?, selected: Set<String>, budgetCents: Int64, pointBallots: Bool,
        project: (String) -> (title: String, costCents: Int64)?
    ) -> [ProjectVotes] {
        let explained = Dictionary(
            (explanation?.projects ?? []).compactMap { p in p.proposalId.map { ($0.lowercased(), p) } }, uniquingKeysWith: { a, _ in a })
        var rows = tallies.compactMap { tally -> ProjectVotes? in
            guard let known = project(tally.proposalId) else { return nil }
            let funded = selected.contains(tally.proposalId)
            return ProjectVotes(
                rank: 0, proposalId: tally.proposalId, title: known.title, costCents: known.costCents, approvals: tally.approvals,
                points: tally.points, funded: funded,
                shortfall: funded ? nil : explained[tally.proposalId].flatMap { Shortfall.of($0, budgetCents: budgetCents) })
        }
        func key(_ row: ProjectVotes) -> Decimal {
            pointBallots ? Decimal(string: row.points, locale: Locale(identifier: "en_US_POSIX")) ?? 0 : Decimal(row.approvals)
        }
        rows.sort { key($0) != key($1) ? key($0) > key($1) : ($0.funded != $1.funded ? $0.funded : $0.title < $1.title) }
        for index in rows.indices {
            rows[index].rank = index > 0 && key(rows[index - 1]) == key(rows[index]) ? rows[index - 1].rank : index + 1
        }
        return rows
    }
}
