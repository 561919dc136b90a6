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
    /// Every project's votes per run (``ProjectVotes``).
    public var projects: [ResultRun.ID: [ProjectVotes]] = [:]
    /// Whether every area's run is official; until then the results are provisional.
    public var official: Bool { !runs.isEmpty && runs.allSatisfy(\.official) }
}

/// Results of budget campaigns. Runs are computed when staff ask (``compute(_:rule:area:official:by:)``,
/// the command line and `POST …/results`) or by ``ResultWorker`` once voting closes, with
/// the exact rules of the domain target, and frozen as result runs. Readers get a stored
/// run (``stored(_:rule:)``) and never load a ballot: the cost of a read does not grow with
/// the number of ballots, and a burst of readers costs a burst of indexed reads.
public struct ResultService: Sendable {
    public let database: Database
    public let clock: AppClock

    /// Seconds a reader is asked to wait while the worker computes a closed vote's results.
    public static let pendingRetryAfter = 30

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    /// The rule a request names, or without a name the campaign's configured
    /// `settings.ballot.resultMethod`. Unknown names, no name on a campaign without a
    /// configured rule, and campaigns without ballots are a 422 naming `method` (a rule that
    /// needs point ballots is refused per area when computed: an import decides its areas'
    /// vote type).
    public static func method(_ name: String?, for campaign: CampaignRecord) throws -> BudgetRule {
        let choices = BudgetRule.allCases.map(\.rawValue).joined(separator: ", ")
        guard campaign.fields.kind == .budget, let ballot = campaign.fields.settings.ballot else {
            throw ServiceError.invalid([
                .init(field: "method", message: "campaign '\(campaign.slug)' is not a budget campaign and has no ballots to compute results from")
            ])
        }
        guard let name else {
            guard let configured = ballot.resultMethod else {
                throw ServiceError.invalid([
                    .init(field: "method", message: "campaign '\(campaign.slug)' has no configured result method; name one of \(choices)")
                ])
            }
            return configured
        }
        guard let rule = BudgetRule(rawValue: name) else {
            throw ServiceError.invalid([.init(field: "method", message: "unknown method '\(name)'; choose from \(choices)")])
        }
        return rule
    }

    /// What every reader gets: per area the stored run of `rule` (the official one when it
    /// is of this rule, else the newest) and the ranking. Nothing is computed here. When an
    /// area has no run yet: for the configured rule, `resultsPending` (the worker computes it
    /// once voting has closed; staff may compute it earlier); for another rule, not found.
    public func stored(_ campaign: CampaignRecord, rule: BudgetRule) async throws -> CampaignResults {
        let runs = try await ResultRuns.shown(campaign: campaign.id, method: rule.rawValue, on: database)
        let missing = campaign.areas.map(\.slug).filter { slug in !runs.contains { $0.areaSlug == slug } }
        if !missing.isEmpty {
            let areas = missing.map { "'\($0)'" }.joined(separator: ", ")
            if rule == campaign.fields.settings.ballot?.resultMethod {
                throw ServiceError.resultsPending(
                    "the results of '\(rule.rawValue)' for campaign '\(campaign.slug)' (area \(areas)) are being computed after the vote closed; try again shortly",
                    retryAfter: Self.pendingRetryAfter)
            }
            throw ServiceError.notFound(
                "no stored result of '\(rule.rawValue)' for campaign '\(campaign.slug)' (area \(areas)); the unit's staff compute one on request")
        }
        var results = CampaignResults(campaign: campaign, method: rule, runs: runs, ranking: try await ranking(campaign))
        results.projects = try await projects(of: runs)
        return results
    }

    /// Computes `rule` in every area of the campaign (or only `areaSlug`) from the ballots
    /// as they are now while voting is open, and from the input frozen at its close (less
    /// the exclusions staff made since) once it has ended, storing a run for each input not computed before (the same input
    /// finds its run), and marks them official when asked. A staff action: it loads every
    /// ballot of the areas.
    ///
    /// Before voting has closed a result can only be provisional: it is refused unless staff
    /// ask for a provisional run explicitly (`provisional`), and never made official.
    public func compute(
        _ campaign: CampaignRecord, rule: BudgetRule, area areaSlug: String? = nil, official: Bool = false, provisional: Bool = false,
        by actor: AuditActor? = nil
    ) async throws -> CampaignResults {
        let areas = campaign.areas.filter { areaSlug == nil || $0.slug == areaSlug }
        if let areaSlug, areas.isEmpty { throw ServiceError.notFound("campaign '\(campaign.slug)' has no area '\(areaSlug)'") }
        if try await Self.votingOpen(campaign, at: clock.now, on: database) {
            if official {
                throw ServiceError.conflict(
                    .state, "voting in campaign '\(campaign.slug)' has not closed; a result computed now cannot be official")
            }
            if !provisional {
                throw ServiceError.conflict(
                    .state,
                    "voting in campaign '\(campaign.slug)' has not closed; ask for a provisional result explicitly (provisional: true) to compute one now"
                )
            }
        }
        var runs: [ResultRunRecord] = []
        for area in areas {
            guard let areaID = try await Campaigns.area(area.slug, of: campaign.id, on: database) else { continue }
            let now = clock.now
            let input = try await Self.currentInput(campaign, area: areaID, now: now, in: database)
            var run = try await ResultComputation.run(
                rule, on: input.input, campaign: campaign.id, area: areaID, areaSlug: area.slug, excluded: input.excluded, now: now,
                on: database)
            if official, !run.official {
                try await markOfficial(run.id, by: actor ?? .commandLine)
                run.official = true
            }
            runs.append(run)
        }
        var results = CampaignResults(campaign: campaign, method: rule, runs: runs, ranking: try await ranking(campaign))
        results.projects = try await projects(of: runs)
        return results
    }

    /// Whether voting has not yet closed (it has no voting phase, or its last one ends later).
    static func votingOpen(_ campaign: CampaignRecord, at now: Date, on db: some SQLExecutor) async throws -> Bool {
        guard let end = try await ResultFreezes.votingEnd(campaign: campaign.id, on: db) else { return false }
        return end > now
    }

    /// Makes a run the official result of its area (audited). Only after voting has closed;
    /// with `campaign`, the run must be one of its runs.
    @discardableResult
    public func markOfficial(_ run: ResultRun.ID, of campaign: CampaignRecord? = nil, by actor: AuditActor) async throws -> ResultRunRecord {
        let now = clock.now
        guard let record = try await ResultRuns.find(id: run, on: database), campaign == nil || record.campaignID == campaign?.id else {
            throw ServiceError.notFound("no result run \(run.uuidString.lowercased())" + (campaign.map { " in campaign '\($0.slug)'" } ?? ""))
        }
        if let end = try await ResultFreezes.votingEnd(campaign: record.campaignID, on: database), end > now {
            throw ServiceError.conflict(.state, "voting has not closed; a result computed before the close cannot be official")
        }
        try await database.withTransaction { tx in
            guard try await ResultRuns.markOfficial(run, on: tx) else {
                throw ServiceError.notFound("no result run \(run.uuidString.lowercased())")
            }
            try await Audit.record(
                "results.official", target: ("result_run", run.uuidString.lowercased()), by: actor, reason: nil, now: now, on: tx
            )
        }
        var marked = record
        marked.official = true
        return marked
    }

    /// Every project's votes in each of `runs` (from the tallies stored with them), by run.
    public func projects(of runs: [ResultRunRecord]) async throws -> [ResultRun.ID: [ProjectVotes]] {
        var tables: [ResultRun.ID: [ProjectVotes]] = [:]
        for run in runs { tables[run.id] = try await AreaRunsShown.shown(run, on: database).table }
        return tables
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
