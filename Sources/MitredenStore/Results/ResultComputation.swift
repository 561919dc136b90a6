import Foundation
import MitredenDomain

/// Turns one area's input into a stored run: the one place that runs a rule and writes
/// `result_runs`, shared by staff computations and the result worker.
enum ResultComputation {
    /// The run of `rule` on exactly `input`: found when it is stored already, else computed
    /// and stored. Two callers racing on the same input store one row (the unique key of
    /// 0014) and both return it.
    static func run(
        _ rule: BudgetRule, on input: ResultInput, campaign: Campaign.ID, area: BudgetArea.ID, areaSlug: String,
        excluded: [Proposal.ID] = [], supersedes: (run: ResultRun.ID, reason: String)? = nil, now: Date, on db: some SQLExecutor
    ) async throws -> ResultRunRecord {
        guard rule.isApplicable(to: input.voteType) else {
            throw ServiceError.invalid([
                .init(field: "method", message: "'\(rule.rawValue)' does not apply to \(input.voteType.rawValue) ballots (area '\(areaSlug)')")
            ])
        }
        let digest = input.digest
        if let existing = try await ResultRuns.find(area: area, method: rule.rawValue, digest: digest, on: db) { return existing }
        let (selected, explanation) = try Self.outcome(rule, on: input)
        // The exact input is kept with the run, so `mitreden results verify` can recount it.
        try await ResultInputStore.save(input, digest: digest, campaign: campaign, area: area, now: now, on: db)
        let inserted = try await ResultRuns.insert(
            campaign: campaign, area: area, method: rule.rawValue, parameters: Self.parameters(of: input), digest: digest,
            ballots: input.ballots.count, selected: selected,
            totalCostCents: selected.reduce(Int64(0)) { sum, choice in
                let (next, overflow) = sum.addingReportingOverflow(choice.costCents)
                return overflow ? .max : next
            },
            explanation: explanation, tallies: Self.tallies(of: input), excluded: excluded, supersedes: supersedes, now: now, on: db
        )
        // nil: another computation stored this input first; its run is the same result.
        let stored =
            if let inserted { try await ResultRuns.find(id: inserted, on: db) } else {
                try await ResultRuns.find(area: area, method: rule.rawValue, digest: digest, on: db)
            }
        guard let stored else { throw ServiceError.unexpected("result run of area \(areaSlug) vanished after it was stored") }
        return stored
    }

    /// Votes per project on exactly this input.
    static func tallies(of input: ResultInput) -> [ProjectTally] {
        ProjectTally.count(
            projects: input.projects.map { $0.id.uuidString.lowercased() },
            ballots: input.ballots.map { ballot in ballot.map { (project: $0.proposal.uuidString.lowercased(), points: $0.points) } })
    }

    static func parameters(of input: ResultInput) -> String {
        #"{"budgetCents":\#(input.budgetCents),"costUnit":"cents/100","voteType":"\#(input.voteType.rawValue)"}"#
    }

    /// What `rule` selects on `input` and why: the part of a run that a recount recomputes.
    static func outcome(_ rule: BudgetRule, on input: ResultInput) throws -> ([ResultRunRecord.Selected], ResultExplanation) {
        let election = try input.election()
        let outcome = try rule.outcome(for: election)
        let byRuleID = Dictionary(uniqueKeysWithValues: input.projects.map { ($0.ruleID, $0) })
        let selected = outcome.selectedProjectIDs.compactMap { byRuleID[$0] }.map {
            ResultRunRecord.Selected(proposalId: $0.id, reference: $0.reference, title: $0.title, costCents: $0.costCents)
        }
        var explanation = try ResultExplainer.explain(rule, election: election)
        for index in explanation.projects.indices {
            explanation.projects[index].proposalId = byRuleID[explanation.projects[index].projectId]?.id.description
        }
        return (selected, explanation)
    }
}
