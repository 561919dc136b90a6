import Foundation
import MitredenDomain

/// A plan as a participant sees it: the stored plan, every item's amount, its
/// consequences, and for a draft what submitting it would be refused for.
public struct PlanView: Sendable, Equatable {
    public var plan: StoredPlan
    public var amounts: [String: Int64]
    public var projection: [ProjectedYear]
    public var household: [HouseholdEffect]
    public var problems: [PlanViolation]
}

/// The participant's plan next to everybody else's: the median change per item and the
/// nearest typical plan ("which planner are you").
public struct PlanComparison: Sendable, Equatable {
    public var plans: Int
    public var medianChanges: [String: Int64]
    public var nearestTypical: TypicalPlan?
}

/// What `GET …/planner/plan` answers.
public struct MyPlans: Sendable, Equatable {
    public var planner: PlannerRecord
    public var draft: PlanView?
    public var submitted: PlanView?
    public var comparison: PlanComparison?
}

/// The Haushaltsrechner: staff define a campaign's planner; verified participants save a
/// draft, submit it in the voting phase (decision 0015) and may replace it until the phase
/// ends; staff enter paper plans; the council gets the summary. Callers establish who the
/// account is and what role it has; this checks phase, rules and the planner's state.
public struct PlannerService: Sendable {
    public let database: Database
    public let clock: AppClock
    /// The API's limits on participants' writes; none for the command line.
    public var writeLimits = WriteLimits.unlimited
    /// How long a computed summary is served before it is computed again.
    public var summaryFreshness: TimeInterval = 60
    /// Whether a stale summary is renewed by ``PlannerSummaryWorker`` (the server), so a
    /// request serves it as it is; otherwise (the command line, tests) the request that finds
    /// it stale computes it again.
    public var renewsSummariesInBackground = false
    /// This instance's copies of definitions and summaries (shared by every copy of the service).
    private let memos = PlannerMemos()

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    /// The campaign's planner, or a 404.
    public func planner(of campaign: CampaignRecord) async throws -> PlannerRecord {
        guard let (planner, version) = try await Planners.findVersioned(campaign: campaign.id, on: database) else {
            throw Self.noPlanner(campaign)
        }
        memos.remember(planner, version: version)
        return planner
    }

    static func noPlanner(_ campaign: CampaignRecord) -> ServiceError {
        .notFound("campaign '\(campaign.slug)' has no budget planner")
    }

    /// Defines or replaces the campaign's planner; refused once a plan is submitted, since
    /// changing items under submitted plans would change what they mean. Audited.
    public func define(_ spec: PlannerSpec, campaign: CampaignRecord, by actor: AuditActor) async throws -> PlannerRecord {
        let definition: PlannerDefinition
        do {
            definition = try spec.validated()
        } catch {
            throw ServiceError.invalid(error.problems.map { FieldProblem(field: $0.field, message: $0.message) })
        }
        let now = clock.now
        try await database.withTransaction { tx in
            // One definition at a time per campaign, and none while a plan is being submitted.
            try await tx.query("SELECT 1 FROM campaigns WHERE id = \(campaign.id) FOR UPDATE")
            if let existing = try await Planners.find(campaign: campaign.id, on: tx),
                try await Planners.hasSubmittedPlans(existing.id, on: tx)
            {
                throw ServiceError.conflict(.state, "the planner has submitted plans; its items can no longer change")
            }
            let id = try await Planners.save(definition, campaign: campaign.id, now: now, on: tx)
            try await Audit.record(
                "planner.define", target: ("planner", id.uuidString), by: actor, reason: "\(definition.items.count) items",
                now: now, on: tx)
        }
        return try await planner(of: campaign)
    }

    /// The participant's draft and submitted plan, with the comparison once submitted.
    public func plans(campaign: CampaignRecord, account: Account.ID) async throws -> MyPlans {
        try await plans(planner: try await planner(of: campaign), account: account)
    }

    private func plans(planner: PlannerRecord, account: Account.ID) async throws -> MyPlans {
        let found = try await Plans.find(planner: planner.id, account: account, on: database)
        return try await plans(planner: planner, draft: found[.draft], submitted: found[.submitted])
    }

    /// The answer for plans already in hand (a submission knows both without reading them again).
    private func plans(planner: PlannerRecord, draft: StoredPlan?, submitted: StoredPlan?) async throws -> MyPlans {
        let submittedView = submitted.map { Self.view($0, planner: planner) }
        var comparison: PlanComparison?
        if let submittedView {
            let summary = try await summary(planner)
            let changes = planner.definition.items.map { (submittedView.amounts[$0.key] ?? $0.baselineCents) - $0.baselineCents }
            comparison = PlanComparison(
                plans: summary.plans, medianChanges: Dictionary(uniqueKeysWithValues: summary.items.map { ($0.item, $0.medianCents) }),
                nearestTypical: summary.nearestTypical(to: changes, in: planner.definition))
        }
        // A draft just submitted has the submitted plan's lines: its consequences are the same.
        let draftView = draft.map { draft in
            guard let submittedView, draft.lines.map(\.item) == submittedView.plan.lines.map(\.item),
                draft.lines.map(\.amountCents) == submittedView.plan.lines.map(\.amountCents)
            else { return Self.view(draft, planner: planner) }
            var view = submittedView
            view.plan = draft
            return view
        }
        return MyPlans(planner: planner, draft: draftView, submitted: submittedView, comparison: comparison)
    }

    /// Saves the participant's draft while plans are open; a draft may be unbalanced, but
    /// every other rule holds (unknown items, range, step, protected items).
    public func saveDraft(campaign: CampaignRecord, lines: [PlanLine], by account: Account.ID) async throws -> MyPlans {
        try await writeLimits.consume(.ballot, by: account, now: clock.now, on: database)
        try campaign.require(.plan, at: clock.now)
        let planner = try await planner(of: campaign)
        let (plan, violations) = PlanValidator.check(lines, against: planner.definition, requireBalance: false)
        guard violations.isEmpty else { throw ServiceError.invalid(violations.map(FieldProblem.init)) }
        let now = clock.now
        let status = justificationStatus(campaign)
        _ = try await Plans.save(
            planner: planner.id, account: account, lockKey: ParticipantLock.key(campaign: campaign.id, account: account), status: .draft,
            channel: .online, district: nil, balanceCents: plan.balanceCents, lines: plan.lines(of: planner.definition),
            justificationStatus: status, enteredBy: nil, now: now, on: database)
        return try await plans(planner: planner, account: account)
    }

    /// Submits the participant's draft, replacing an earlier submitted plan; a plan that
    /// breaks rules is a 422 listing every one. Concurrent submits leave one plan.
    /// The hot path of a vote night's planner: one read (write limit, planner version,
    /// draft), the definition and summary from this instance's copies, one write.
    public func submit(campaign: CampaignRecord, by account: Account.ID) async throws -> MyPlans {
        let now = clock.now
        let read = try await PlanSubmissionRead.read(
            campaign: campaign.id, account: account, now: now, limitSpans: writeLimits.spans(.ballot), on: database)
        try writeLimits.judge(.ballot, counts: read.attempts, now: now)
        try campaign.require(.plan, at: now)
        guard let (plannerID, version) = read.planner else { throw Self.noPlanner(campaign) }
        let planner: PlannerRecord
        if let known = memos.definition(plannerID, version: version) {
            planner = known
        } else {
            planner = try await self.planner(of: campaign)
        }
        guard let draft = read.draft else {
            throw ServiceError.notFound("you have no draft plan to submit; save one with PUT first")
        }
        let lines = draft.lines.map { PlanLine(item: $0.item, amountCents: $0.amountCents, justification: $0.justification) }
        let (plan, violations) = PlanValidator.check(lines, against: planner.definition, requireBalance: true)
        guard violations.isEmpty else { throw ServiceError.invalid(violations.map(FieldProblem.init)) }
        let stored = plan.lines(of: planner.definition)
        let status = justificationStatus(campaign)
        let id = try await Plans.save(
            planner: planner.id, account: account, lockKey: ParticipantLock.key(campaign: campaign.id, account: account), status: .submitted,
            channel: .online, district: nil, balanceCents: plan.balanceCents, lines: stored, justificationStatus: status, enteredBy: nil,
            now: now, on: database)
        // What was just written, as `Plans.find` would read it back (lines in key order).
        let submitted = StoredPlan(
            id: id, status: .submitted, channel: .online, balanceCents: plan.balanceCents,
            lines: stored.sorted { $0.item < $1.item }.map {
                StoredPlanLine(
                    item: $0.item, amountCents: $0.amountCents, justification: $0.justification,
                    justificationStatus: $0.justification == nil ? nil : status)
            },
            updatedAt: now, submittedAt: now)
        return try await plans(planner: planner, draft: draft, submitted: submitted)
    }

    /// Deletes the participant's draft and submitted plan while plans are open.
    public func withdraw(campaign: CampaignRecord, by account: Account.ID) async throws {
        try await writeLimits.consume(.ballot, by: account, now: clock.now, on: database)
        try campaign.require(.plan, at: clock.now)
        let planner = try await planner(of: campaign)
        try await database.withTransaction { tx in
            try await ParticipantLock.acquire(campaign: campaign.id, account: account, on: tx)
            _ = try await Plans.delete(planner: planner.id, account: account, on: tx)
        }
    }

    /// A plan received on paper (or by mail, at an event), entered by staff: checked like
    /// a submitted plan, counted like one, and audited with its channel.
    public func enterPaperPlan(
        campaign: CampaignRecord, lines: [PlanLine], channel: PlanChannel, district: String?, by actor: AuditActor
    ) async throws -> Plan.ID {
        guard channel != .online else { throw ServiceError.invalid("channel", "a plan entered by staff came by paper, mail or event") }
        if let district, district.codePoints > 80 { throw ServiceError.invalid("district", "must have at most 80 characters") }
        let planner = try await planner(of: campaign)
        let (plan, violations) = PlanValidator.check(lines, against: planner.definition, requireBalance: true)
        guard violations.isEmpty else { throw ServiceError.invalid(violations.map(FieldProblem.init)) }
        let now = clock.now
        return try await database.withTransaction { tx in
            let id = try await Plans.save(
                planner: planner.id, account: nil, lockKey: nil, status: .submitted, channel: channel, district: district,
                balanceCents: plan.balanceCents,
                lines: plan.lines(of: planner.definition), justificationStatus: justificationStatus(campaign), enteredBy: actor.accountID,
                now: now, on: tx)
            try await Audit.record("plan.enter", target: ("plan", id.uuidString), by: actor, reason: channel.rawValue, now: now, on: tx)
            return id
        }
    }

    /// The summary of the submitted plans: the cached one while fresh, else computed now.
    /// One reader recomputes (under a transaction-level advisory lock it only tries to
    /// take); the others meanwhile take the cached one, so a burst of submissions never
    /// sorts every plan once per request. In the server the worker renews it instead
    /// (``renewsSummariesInBackground``): a request computes only the very first one.
    public func summary(_ planner: PlannerRecord) async throws -> PlannerSummary {
        let now = clock.now
        let fresh = { (computedAt: Date) in
            renewsSummariesInBackground || (now.timeIntervalSince(computedAt) < summaryFreshness && computedAt <= now)
        }
        if let recent = memos.recentSummary(planner.id), fresh(recent.computedAt) { return recent.summary }
        let cached = try await PlannerSummaries.cached(planner.id, on: database)
        if let cached, fresh(cached.computedAt) {
            memos.remember(cached.summary, of: planner.id, computedAt: cached.computedAt)
            return cached.summary
        }
        return try await database.withTransaction { tx in
            if !(try await Self.tryLockSummary(of: planner.id, on: tx)) {
                if let cached { return cached.summary }
                // None cached yet: wait for the one computing it rather than computing it too.
                try await tx.query("SELECT pg_advisory_xact_lock(hashtextextended(\(Self.summaryLockKey(planner.id)), 14))")
                if let stored = try await PlannerSummaries.cached(planner.id, on: tx) { return stored.summary }
            }
            return try await computeAndStoreSummary(planner, now: now, on: tx)
        }
    }

    /// Computes the summary again if it is stale and the submitted plans changed since
    /// (``PlannerSummaries/isOutdated(_:staleBefore:on:)``); at most one instance at a time,
    /// and not again by one that finds it renewed meanwhile. Whether it stored one.
    public func renewSummaryIfOutdated(_ planner: PlannerRecord) async throws -> Bool {
        let now = clock.now
        return try await database.withTransaction { tx in
            guard try await Self.tryLockSummary(of: planner.id, on: tx) else { return false }
            guard try await PlannerSummaries.isOutdated(planner.id, staleBefore: now.addingTimeInterval(-summaryFreshness), on: tx) else {
                // Unchanged plans: the summary is right as of now, so it is looked at again in a
                // minute, not counted against every plan in each round until something changes.
                try await PlannerSummaries.confirm(planner.id, at: now, on: tx)
                return false
            }
            _ = try await computeAndStoreSummary(planner, now: now, on: tx)
            return true
        }
    }

    /// The campaigns whose planner's summary is older than the freshness, or missing.
    func campaignsWithStaleSummaries() async throws -> [Campaign.ID] {
        try await PlannerSummaries.campaignsWithStaleSummaries(staleBefore: clock.now.addingTimeInterval(-summaryFreshness), on: database)
    }

    private func computeAndStoreSummary(_ planner: PlannerRecord, now: Date, on tx: Transaction) async throws -> PlannerSummary {
        let summary = try await PlannerSummaries.compute(planner, on: tx)
        try await PlannerSummaries.store(summary, planner: planner.id, computedAt: now, on: tx)
        memos.remember(summary, of: planner.id, computedAt: now)
        return summary
    }

    private static func summaryLockKey(_ planner: Planner.ID) -> String { "planner-summary/\(planner.uuidString)" }

    /// Takes the planner's summary lock for this transaction if nobody holds it.
    private static func tryLockSummary(of planner: Planner.ID, on tx: Transaction) async throws -> Bool {
        try await tx.query("SELECT pg_try_advisory_xact_lock(hashtextextended(\(summaryLockKey(planner)), 14))")[0].decode(Bool.self)
    }

    /// The summary computed from the plans as they are now (and cached for readers).
    public func freshSummary(_ planner: PlannerRecord) async throws -> PlannerSummary {
        let now = clock.now
        let summary = try await database.withTransaction { tx in try await PlannerSummaries.compute(planner, on: tx) }
        try await PlannerSummaries.store(summary, planner: planner.id, computedAt: now, on: database)
        memos.remember(summary, of: planner.id, computedAt: now)
        return summary
    }

    /// Published justifications per item, at most `limit` each.
    public func justifications(_ planner: PlannerRecord, limit: Int = 20) async throws -> [PlanJustification] {
        try await Plans.justifications(planner: planner.id, limit: limit, on: database)
    }

    /// The justifications of submitted plans waiting for a moderator, oldest first.
    public func pendingJustifications(
        _ planner: PlannerRecord, after: JustificationCursor?, limit: Int
    ) async throws -> (items: [PendingJustification], next: JustificationCursor?) {
        try await PendingJustifications.page(planner: planner.id, after: after, limit: limit, on: database)
    }

    /// A moderator publishes or rejects a plan line's justification. Audited.
    public func decideJustification(plan: Plan.ID, planner: Planner.ID, item: String, publish: Bool, by actor: AuditActor) async throws {
        let now = clock.now
        try await database.withTransaction { tx in
            let status = publish ? "published" : "rejected"
            guard try await Plans.decideJustification(plan: plan, planner: planner, item: item, status: status, on: tx) else {
                throw ServiceError.notFound("plan \(plan.uuidString) has no justification for '\(item)'")
            }
            try await Audit.record(
                publish ? "plan.justification.publish" : "plan.justification.reject", target: ("plan", plan.uuidString), by: actor,
                reason: item, now: now, on: tx)
        }
    }

    /// Justifications are moderated like comments: held under the campaign's pre-moderation.
    private func justificationStatus(_ campaign: CampaignRecord) -> String {
        campaign.fields.commentModeration == .pre ? "pending" : "published"
    }

    static func view(_ plan: StoredPlan, planner: PlannerRecord) -> PlanView {
        let lines = plan.lines.map { PlanLine(item: $0.item, amountCents: $0.amountCents, justification: $0.justification) }
        let (checked, violations) = PlanValidator.check(lines, against: planner.definition, requireBalance: true)
        return PlanView(
            plan: plan, amounts: checked.amounts, projection: PlanProjection.years(of: checked.amounts, in: planner.definition),
            household: PlanProjection.householdEffects(of: checked.amounts, in: planner.definition), problems: violations)
    }
}

extension FieldProblem {
    /// A broken plan rule as a field problem carrying the rule's slug (the message stays a
    /// catalogue text, so it reads in German too).
    init(_ violation: PlanViolation) {
        self.init(field: violation.field, message: violation.message, rule: violation.rule.rawValue)
    }
}
extension PlannerService: WriteLimited {}
