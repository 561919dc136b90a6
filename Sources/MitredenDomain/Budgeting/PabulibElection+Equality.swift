extension PabulibElection: Equatable {
    /// Semantic equality for the round trip of SPEC §1.7; see the type's documentation.
    public static func == (lhs: PabulibElection, rhs: PabulibElection) -> Bool {
        lhs.voteType == rhs.voteType
            && lhs.budget == rhs.budget
            && lhs.meta.descriptiveValues == rhs.meta.descriptiveValues
            && lhs.projectColumns == rhs.projectColumns
            && lhs.projects == rhs.projects
            && lhs.voteColumns == rhs.voteColumns
            && lhs.votes.count == rhs.votes.count
            && zip(lhs.votes, rhs.votes).allSatisfy { $0.isSameBallot(as: $1, voteType: lhs.voteType) }
    }
}

extension PabulibMeta {
    /// The keys and values that export preserves rather than recomputes.
    var descriptiveValues: [String: String] {
        var values: [String: String] = [:]
        for entry in entries where !Self.derivedKeys.contains(entry.key) {
            values[entry.key] = entry.value
        }
        return values
    }
}

extension PabulibVote {
    /// Whether two votes are the same ballot: approval lists as sets, rankings in order,
    /// points per project.
    func isSameBallot(as other: PabulibVote, voteType: BudgetVoteType) -> Bool {
        guard voterID == other.voterID, fields == other.fields else { return false }
        switch voteType {
        case .approval, .chooseOne:
            return Set(projectIDs) == Set(other.projectIDs)
        case .ordinal:
            return projectIDs == other.projectIDs
        case .cumulative, .scoring:
            return pointsByProject == other.pointsByProject
        }
    }

    var pointsByProject: [String: Rational] {
        Dictionary(zip(projectIDs, points ?? []), uniquingKeysWith: { _, last in last })
    }
}
