import Foundation
import MitredenDomain

/// One row of a campaign's ranking by pro/contra ratings.
public struct RankedProposal: Sendable, Equatable {
    public var proposalID: Proposal.ID
    public var reference: String?
    public var title: String
    public var pro: Int
    public var contra: Int
    public var supports: Int
    public var score: Int
}

/// The results of a campaign under one rule: a run per area plus the ranking.
public struct CampaignResults: Sendable {
    public var campaign: CampaignRecord
    public var method: BudgetRule
    public var runs: [ResultRunRecord]
    public var ranking: [RankedProposal]
}

/// Computes results from the stored ballots with the exact rules of the domain target and
/// freezes each as a result run. Computing again on unchanged ballots finds the run with
/// the same input digest instead of storing a copy.
public struct ResultService: Sendable {
    public let database: Database
    public let clock: AppClock

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    /// Parses a method name; unknown names and rules that need point ballots on a campaign
    /// without them are a 422 naming the method.
    public static func method(_ name: String, for campaign: CampaignRecord) throws -> BudgetRule {
        guard let rule = BudgetRule(rawValue: name) else {
            throw ServiceError.invalid([
                .init(
                    field: "method", message: "unknown method '\(name)'; choose from \(BudgetRule.allCases.map(\.rawValue).joined(separator: ", "))")
            ])
        }
        guard campaign.fields.kind == .budget, campaign.fields.settings.ballot != nil else {
            throw ServiceError.invalid([
                .init(field: "method", message: "'\(name)' needs ballots; campaign '\(campaign.slug)' is not a budget campaign")
            ])
        }
        return rule
    }

    /// Computes `rule` in every area of the campaign (or only `areaSlug`), storing a run for
    /// each input not computed before, and marks them official when asked.
    public func compute(
        _ campaign: CampaignRecord, rule: BudgetRule, area areaSlug: String? = nil, official: Bool = false,
        by actor: AuditActor? = nil
    ) async throws -> CampaignResults {
        let areas = campaign.areas.filter { areaSlug == nil || $0.slug == areaSlug }
        if let areaSlug, areas.isEmpty { throw ServiceError.notFound("campaign '\(campaign.slug)' has no area '\(areaSlug)'") }
        var runs: [ResultRunRecord] = []
        for area in areas {
            guard let areaID = try await Campaigns.area(area.slug, of: campaign.id, on: database) else { continue }
            let input = try await ResultInputs.input(
                campaign: campaign.id, area: areaID, method: campaign.fields.settings.ballot?.method, in: database
            )
            guard rule.isApplicable(to: input.voteType) else {
                throw ServiceError.invalid([
                    .init(field: "method", message: "'\(rule.rawValue)' does not apply to \(input.voteType.rawValue) ballots (area '\(area.slug)')")
                ])
            }
            let digest = input.digest
            var run: ResultRunRecord
            if let existing = try await ResultRuns.find(area: areaID, method: rule.rawValue, digest: digest, on: database) {
                run = existing
            } else {
                let outcome = try rule.outcome(for: try input.election())
                let byRuleID = Dictionary(uniqueKeysWithValues: input.projects.map { ($0.ruleID, $0) })
                let selected = outcome.selectedProjectIDs.compactMap { byRuleID[$0] }.map {
                    ResultRunRecord.Selected(proposalId: $0.id, reference: $0.reference, title: $0.title, costCents: $0.costCents)
                }
                let parameters = #"{"budgetCents":\#(input.budgetCents),"costUnit":"cents/100","voteType":"\#(input.voteType.rawValue)"}"#
                let id = try await ResultRuns.insert(
                    campaign: campaign.id, area: areaID, method: rule.rawValue, parameters: parameters, digest: digest,
                    ballots: input.ballots.count, selected: selected,
                    totalCostCents: selected.reduce(Int64(0)) { sum, choice in
                        let (next, overflow) = sum.addingReportingOverflow(choice.costCents)
                        return overflow ? .max : next
                    },
                    now: clock.now, on: database
                )
                guard let stored = try await ResultRuns.find(id: id, on: database) else { throw ServiceError.notFound("result run vanished") }
                run = stored
            }
            if official, !run.official {
                try await markOfficial(run.id, by: actor ?? .commandLine)
                run.official = true
            }
            runs.append(run)
        }
        return CampaignResults(campaign: campaign, method: rule, runs: runs, ranking: try await ranking(campaign))
    }

    /// Makes a run the official result of its area (audited).
    public func markOfficial(_ run: ResultRun.ID, by actor: AuditActor) async throws {
        let now = clock.now
        try await database.withTransaction { tx in
            guard try await ResultRuns.markOfficial(run, on: tx) else {
                throw ServiceError.notFound("no result run \(run.uuidString.lowercased())")
            }
            try await Audit.record(
                "results.official", target: ("result_run", run.uuidString.lowercased()), by: actor, reason: nil, now: now, on: tx
            )
        }
    }

    /// Published proposals ordered by the campaign's ranking rule, pro and contra both shown.
    public func ranking(_ campaign: CampaignRecord) async throws -> [RankedProposal] {
        let rows = try await Ratings.tallies(campaign: campaign.id, on: database)
        let details = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
        let rule = campaign.fields.settings.rankingRule
        let ranked = ProposalRanking.ranked(
            rows.map { ProposalTally(proposalID: $0.id, pro: $0.pro, contra: $0.contra, supports: $0.supports) }, by: rule
        )
        return ranked.map { tally in
            RankedProposal(
                proposalID: tally.proposalID, reference: details[tally.proposalID]?.reference,
                title: details[tally.proposalID]?.title ?? "", pro: tally.pro, contra: tally.contra,
                supports: tally.supports, score: tally.score(under: rule))
        }
    }
}
