import Foundation
import MitredenAPI
import MitredenDomain
import MitredenStore

/// Campaigns, proposals and participants for vote tests, made without the proposal
/// routes (built elsewhere): campaigns through ``CampaignService``, proposals by a plain
/// INSERT (the trigger of Schema adds their counters row).
public struct VoteFixtures: Sendable {
    public let database: Database
    public let clock: AppClock

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    /// The phases every fixture campaign runs through, one day each.
    public static let schedule: [PhaseKind] = [.proposals, .discussion, .voting, .evaluation, .results]

    /// A published campaign of unit `unit` that is now one hour into its `phase`; advancing
    /// the clock by a day moves it to the next phase of ``schedule``.
    @discardableResult
    public func campaign(
        _ slug: String, phase: PhaseKind, kind: CampaignKind = .budget, unit: String = "finanzen",
        areas: [(slug: String, budgetCents: Int64)] = [("mitte", 100_000)],
        configure: (inout CampaignSettings) -> Void = { _ in }
    ) async throws -> CampaignRecord {
        if try await Units.find(slug: unit, on: database) == nil {
            _ = try await UnitService(database: database, clock: clock).create(slug: unit, name: "Unit \(unit)", by: .commandLine)
        }
        var settings = CampaignSettings()
        if kind == .budget { settings.ballot = BallotRules(method: .knapsack) }
        configure(&settings)
        let day: TimeInterval = 86_400
        let index = Self.schedule.firstIndex(of: phase) ?? 0
        let start = clock.now.addingTimeInterval(-3_600 - Double(index) * day)
        let phases = Self.schedule.enumerated().map { offset, kind in
            PhaseWindow(
                kind: kind, startsAt: start.addingTimeInterval(Double(offset) * day),
                endsAt: start.addingTimeInterval(Double(offset + 1) * day))
        }
        let service = CampaignService(database: database, clock: clock)
        let spec = CampaignSpec(
            unit: unit, draft: CampaignDraft(slug: slug, title: "Campaign \(slug)", kind: kind, settings: settings),
            phases: phases, areas: kind == .budget ? areas.map { BudgetAreaRecord(slug: $0.slug, name: $0.slug, budgetCents: $0.budgetCents) } : []
        )
        _ = try await service.create(spec, by: .commandLine)
        return try await service.publish(slug, by: .commandLine)
    }

    /// Inserts a proposal directly; `area` is an area slug of the campaign.
    @discardableResult
    public func proposal(
        in campaign: CampaignRecord, area: String? = nil, costCents: Int64? = nil, status: String = "published",
        reference: String? = nil, title: String = "A proposal"
    ) async throws -> Proposal.ID {
        try await database.query(
            """
            INSERT INTO proposals (campaign_id, area_id, cost_cents, moderation_status, reference, title, created_at, published_at)
            VALUES (\(campaign.id), (SELECT id FROM budget_areas WHERE campaign_id = \(campaign.id) AND slug = \(area)),
                    \(costCents), \(status), \(reference), \(title), \(clock.now), \(clock.now))
            RETURNING id
            """)[0].decode(Proposal.ID.self)
    }

    /// `count` verified participants made by plain INSERTs (no bcrypt), for bursts of votes.
    public func participants(_ count: Int, prefix: String = "voter") async throws -> [Account.ID] {
        try await database.query(
            """
            INSERT INTO accounts (email, display_name, password_hash, verified_at)
            SELECT \(prefix) || n || '@example.org', \(prefix) || n, 'not-a-hash', \(clock.now)
            FROM generate_series(1, \(count)) AS n
            RETURNING id
            """
        ).map { try $0.decode(Account.ID.self) }
    }

    /// The counters of the proposal next to the true counts of its vote rows.
    public func countersAndTruth(_ proposal: Proposal.ID) async throws -> (counters: [Int], truth: [Int]) {
        let row = try await database.query(
            """
            SELECT k.supports, k.pro, k.contra,
                   (SELECT count(*)::int FROM supports WHERE proposal_id = \(proposal)),
                   (SELECT count(*)::int FROM ratings WHERE proposal_id = \(proposal) AND value = 1),
                   (SELECT count(*)::int FROM ratings WHERE proposal_id = \(proposal) AND value = -1)
            FROM proposal_counters k WHERE k.proposal_id = \(proposal)
            """)[0].decode((Int, Int, Int, Int, Int, Int).self)
        return ([row.0, row.1, row.2], [row.3, row.4, row.5])
    }
}
