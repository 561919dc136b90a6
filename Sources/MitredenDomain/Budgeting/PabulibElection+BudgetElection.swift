extension PabulibElection {
    /// The election as the result rules see it: projects with costs, the budget, and one
    /// ballot per VOTES row (empty ballots included). Informational columns such as `votes`,
    /// `score` or `selected` are not carried over; rules compute everything from the ballots.
    ///
    /// - Throws: `BudgetElectionError` when the content is inconsistent, which cannot happen
    ///   for an election returned by `PabulibParser.parse` but can for one assembled by hand.
    public func budgetElection() throws(BudgetElectionError) -> BudgetElection {
        let ballots: [BudgetBallot] = votes.map { vote in
            switch voteType {
            case .approval, .chooseOne: .approval(Set(vote.projectIDs))
            case .ordinal: .ranking(vote.projectIDs)
            case .cumulative, .scoring: .points(vote.pointsByProject)
            }
        }
        return try BudgetElection(
            voteType: voteType,
            budget: budget,
            projects: projects.map { BudgetProject(id: $0.id, cost: $0.cost) },
            ballots: ballots
        )
    }

    /// An election to export in Pabulib format, built from the format-free model.
    ///
    /// Voters are numbered from 1 in ballot order. Approval ballots list their projects in
    /// tie-breaking order and point ballots by decreasing points, as real files do, so the
    /// output is deterministic.
    ///
    /// - Parameter meta: Descriptive META keys (`description`, `country`, `unit`, …). The keys
    ///   derived from the data are filled in by the writer.
    public init(_ election: BudgetElection, meta: PabulibMeta = PabulibMeta()) {
        let votes = election.ballots.enumerated().map { index, ballot in
            let voterID = String(index + 1)
            switch ballot {
            case .approval(let ids):
                return PabulibVote(voterID: voterID, projectIDs: ids.sorted(by: BudgetOutcome.precedes))
            case .ranking(let ids):
                return PabulibVote(voterID: voterID, projectIDs: ids)
            case .points(let points):
                let ordered = points.sorted { lhs, rhs in
                    lhs.value != rhs.value ? lhs.value > rhs.value : BudgetOutcome.precedes(lhs.key, rhs.key)
                }
                return PabulibVote(voterID: voterID, projectIDs: ordered.map(\.key), points: ordered.map(\.value))
            }
        }
        var meta = meta
        meta["budget"] = election.budget.exactDecimalString ?? election.budget.description
        meta["vote_type"] = election.voteType.rawValue
        meta["num_projects"] = String(election.projects.count)
        meta["num_votes"] = String(election.ballots.count)
        self.init(
            meta: meta,
            voteType: election.voteType,
            budget: election.budget,
            projects: election.projects.map { PabulibProject(id: $0.id, cost: $0.cost) },
            votes: votes
        )
    }
}
