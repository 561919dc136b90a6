import Foundation

/// The vote counts of one proposal, as ranked and reported.
public struct ProposalTally: Sendable, Hashable {
    public var proposalID: Proposal.ID
    public var pro: Int
    public var contra: Int
    public var supports: Int

    public init(proposalID: Proposal.ID, pro: Int, contra: Int, supports: Int) {
        self.proposalID = proposalID
        self.pro = pro
        self.contra = contra
        self.supports = supports
    }

    /// The number the campaign's rule ranks by.
    public func score(under rule: RankingRule) -> Int {
        switch rule {
        case .net: pro - contra
        case .positive: pro
        }
    }
}

/// Orders proposals by the campaign's stated rule. Pro and contra are both kept in each
/// tally so a contested proposal (many of each) stays visible whatever its score.
public enum ProposalRanking {
    /// Highest score first. `net` breaks ties by more pro votes (broader support), `positive`
    /// by fewer contra; then more supports; then the id, so the order is total and stable.
    public static func ranked(_ tallies: [ProposalTally], by rule: RankingRule) -> [ProposalTally] {
        tallies.sorted { lhs, rhs in
            let (left, right) = (lhs.score(under: rule), rhs.score(under: rule))
            if left != right { return left > right }
            switch rule {
            case .net: if lhs.pro != rhs.pro { return lhs.pro > rhs.pro }
            case .positive: if lhs.contra != rhs.contra { return lhs.contra < rhs.contra }
            }
            if lhs.supports != rhs.supports { return lhs.supports > rhs.supports }
            return lhs.proposalID.uuidString < rhs.proposalID.uuidString
        }
    }
}
