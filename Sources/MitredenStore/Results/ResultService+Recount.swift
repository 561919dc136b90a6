import Foundation
import MitredenDomain
import PostgresNIO

/// The input a run after the close starts from: the frozen input less what staff excluded.
struct CurrentResultInput {
    var input: ResultInput
    var excluded: [Proposal.ID]
}

/// What `mitreden results verify` found on recounting a run.
public struct RunVerification: Sendable, Equatable {
    public var run: ResultRun.ID
    public var method: String
    public var storedDigest: String
    public var recomputedDigest: String
    public var outcomeMatches: Bool
    public var explanationMatches: Bool
    public var recomputedSelection: [String]
    public var digestMatches: Bool { storedDigest == recomputedDigest }
    public var matches: Bool { digestMatches && outcomeMatches && explanationMatches }
}

extension ResultService {
    /// The input of an area for a computation at `now`: while voting is open the ballots as
    /// they are; afterwards the frozen input, less the proposals excluded by the area's
    /// official run (so a computation under another rule keeps the exclusions).
    static func currentInput(_ campaign: CampaignRecord, area: BudgetArea.ID, now: Date, on tx: Transaction) async throws -> CurrentResultInput {
        let (frozen, isFrozen) = try await ResultFreezes.input(
            campaign: campaign.id, area: area, method: campaign.fields.settings.ballot?.method, now: now, on: tx)
        return try await lessExclusions(frozen, isFrozen: isFrozen, area: area, on: tx)
    }

    /// The same for a computation on the pool (see ``ResultFreezes/input(campaign:area:method:now:in:)``).
    static func currentInput(_ campaign: CampaignRecord, area: BudgetArea.ID, now: Date, in database: Database) async throws
        -> CurrentResultInput
    {
        let (frozen, isFrozen) = try await ResultFreezes.input(
            campaign: campaign.id, area: area, method: campaign.fields.settings.ballot?.method, now: now, in: database)
        return try await lessExclusions(frozen, isFrozen: isFrozen, area: area, on: database)
    }

    private static func lessExclusions(_ frozen: ResultInput, isFrozen: Bool, area: BudgetArea.ID, on db: some SQLExecutor) async throws
        -> CurrentResultInput
    {
        guard isFrozen else { return CurrentResultInput(input: frozen, excluded: []) }
        // The official run, else the newest: after the close every run carries the exclusions so far.
        let stored = try await db.query(
            "SELECT excluded::text FROM result_runs WHERE area_id = \(area) ORDER BY official DESC, computed_at DESC, id LIMIT 1"
        ).first?.decode(String.self)
        let excluded: [Proposal.ID] = try stored.map { try JSONDecoder().decode([Proposal.ID].self, from: Data($0.utf8)) } ?? []
        return CurrentResultInput(input: excluded.reduce(frozen) { $0.excluding($1) }, excluded: excluded)
    }

    /// Takes `proposal` out of the area's result after voting has closed (found ineligible,
    /// say): recomputes the shown run's rule (the official one, else the provisional one since
    /// the close) on its input without the proposal, stores a new run that names the old one and
    /// `reason`, official when the old one was, and records it in the audit log. The old run stays stored and readable. Refused while voting is open (the
    /// proposal can simply be withdrawn then) and when the proposal is not in the input.
    public func exclude(_ campaign: CampaignRecord, area areaSlug: String, proposal: Proposal.ID, reason: String, by actor: AuditActor)
        async throws -> ResultRunRecord
    {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...1000).contains(reason.codePoints) else {
            throw ServiceError.invalid([.init(field: "reason", message: "give the reason in 1 to 1000 characters; it is shown with the new run")])
        }
        guard let area = try await Campaigns.area(areaSlug, of: campaign.id, on: database) else {
            throw ServiceError.notFound("campaign '\(campaign.slug)' has no area '\(areaSlug)'")
        }
        let now = clock.now
        guard let end = try await ResultFreezes.votingEnd(campaign: campaign.id, on: database), end <= now else {
            throw ServiceError.conflict(
                .state, "voting in campaign '\(campaign.slug)' has not closed; before the close a proposal is withdrawn, not excluded")
        }
        // Read committed: after the advisory lock each statement sees what an exclusion that
        // held it before committed (ballots no longer change once voting has ended).
        return try await database.withTransaction { tx in
            // One exclusion per area at a time (the key markOfficial serialises on).
            try await tx.query("SELECT pg_advisory_xact_lock(hashtextextended(\(area.uuidString), 7))")
            // The official run, else the provisional one computed since the close (the worker's).
            guard
                let shown = try await tx.query(
                    """
                    SELECT id FROM result_runs WHERE area_id = \(area) AND (official OR computed_at >= \(end))
                    ORDER BY official DESC, computed_at DESC, id LIMIT 1
                    """
                ).first?.decode(ResultRun.ID.self),
                let base = try await ResultRuns.find(id: shown, on: tx),
                let rule = BudgetRule(rawValue: base.method)
            else {
                throw ServiceError.conflict(.state, "area '\(areaSlug)' has no result computed since the close to exclude a proposal from")
            }
            let current = try await Self.currentInput(campaign, area: area, now: now, on: tx)
            guard current.input.projects.contains(where: { $0.id == proposal }) else {
                throw ServiceError.invalid([
                    .init(
                        field: "proposalId",
                        message: "proposal \(proposal) is not in the counted input of area '\(areaSlug)' (or is excluded already)")
                ])
            }
            let excluded = current.excluded + [proposal]
            var run = try await ResultComputation.run(
                rule, on: current.input.excluding(proposal), campaign: campaign.id, area: area, areaSlug: areaSlug,
                excluded: excluded, supersedes: (base.id, reason), now: now, on: tx)
            // The new run takes the old one's place: official if it was, provisional otherwise.
            if base.official {
                guard try await ResultRuns.markOfficial(run.id, on: tx) else {
                    throw ServiceError.unexpected("the superseding run vanished")
                }
                run.official = true
            }
            try await Audit.record(
                "results.exclude", target: ("result_run", run.id.description), by: actor,
                reason: "excluded proposal \(proposal) from area \(areaSlug); supersedes run \(base.id): \(reason)", now: now, on: tx)
            return run
        }
    }

    /// Recounts a stored run: recomputes the digest of its stored input, the rule's outcome
    /// and the explanation, and compares each with what was stored.
    public func verify(_ id: ResultRun.ID) async throws -> RunVerification {
        guard let run = try await ResultRuns.find(id: id, on: database) else { throw ServiceError.notFound("no result run \(id)") }
        guard let rule = BudgetRule(rawValue: run.method) else { throw ServiceError.unexpected("run \(id) names an unknown rule") }
        guard let input = try await ResultInputStore.load(area: run.areaID, digest: run.inputDigest, on: database) else {
            throw ServiceError.conflict(.state, "run \(id) was stored before inputs were kept (Schema 0020); it cannot be recounted")
        }
        let (selected, explanation) = try ResultComputation.outcome(rule, on: input)
        let recomputedCost = selected.reduce(Int64(0)) { $0 &+ $1.costCents }
        return RunVerification(
            run: id, method: run.method, storedDigest: run.inputDigest, recomputedDigest: input.digest,
            outcomeMatches: selected.map(\.proposalId) == run.selected.map(\.proposalId) && recomputedCost == run.totalCostCents
                && ResultComputation.parameters(of: input) == Self.canonicalJSON(run.parameters),
            explanationMatches: run.explanation == nil || run.explanation == explanation,
            recomputedSelection: selected.map { $0.reference ?? $0.proposalId.description })
    }

    /// jsonb's text form of the stored parameters back in the writer's spelling.
    private static func canonicalJSON(_ text: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return text }
        return String(decoding: data, as: UTF8.self)
    }
}
