import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore

/// Campaigns, proposals and comments for tests, made through the services the API uses.
public struct DiscussionFixtures: Sendable {
    public let client: any TestClientProtocol
    public let database: Database
    public let clock: ManualClock
    public let accounts: AccountFixtures

    public init(client: any TestClientProtocol, database: Database, clock: ManualClock) {
        self.client = client
        self.database = database
        self.clock = clock
        self.accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
    }

    /// A published campaign of `unit` whose `phase` runs now (for thirty days), with the
    /// categories `verkehr` and `gruen` and, for budget campaigns, the areas `nord` and `sued`.
    @discardableResult
    public func campaign(
        _ slug: String, unit: String = "unit-a", phase: PhaseKind = .proposals, kind: CampaignKind = .dialogue,
        proposalModeration: ModerationMode = .post, commentModeration: ModerationMode = .post,
        settings change: (inout CampaignSettings) -> Void = { _ in }
    ) async throws -> CampaignRecord {
        if try await Units.find(slug: unit, on: database) == nil {
            _ = try await UnitService(database: database, clock: clock.clock).create(slug: unit, name: "Unit \(unit)", by: .commandLine)
        }
        var settings = CampaignSettings()
        if kind == .budget { settings.ballot = BallotRules(method: .approval) }
        change(&settings)
        let now = clock.now
        let spec = CampaignSpec(
            unit: unit,
            draft: CampaignDraft(
                slug: slug, title: "Campaign \(slug)", kind: kind, proposalModeration: proposalModeration,
                commentModeration: commentModeration, settings: settings),
            phases: [PhaseWindow(kind: phase, startsAt: now.addingTimeInterval(-86_400), endsAt: now.addingTimeInterval(30 * 86_400))],
            categories: [CategoryRecord(slug: "verkehr", name: "Verkehr"), CategoryRecord(slug: "gruen", name: "Grün")],
            areas: kind == .budget
                ? [
                    BudgetAreaRecord(slug: "nord", name: "Nord", budgetCents: 10_000_000),
                    BudgetAreaRecord(slug: "sued", name: "Süd", budgetCents: 10_000_000),
                ] : []
        )
        let service = CampaignService(database: database, clock: clock.clock)
        _ = try await service.create(spec, by: .commandLine)
        return try await service.publish(slug, by: .commandLine)
    }

    /// The account as the services see it.
    public func record(_ id: Account.ID) async throws -> AccountRecord {
        guard let account = try await Accounts.find(id: id, on: database) else { throw TestSetupError("no account \(id)") }
        return account
    }

    /// A proposal written through the service by `author`.
    public func proposal(_ title: String, in campaign: String, by author: Account.ID, body: String = "", category: String? = nil) async throws
        -> ProposalRecord
    {
        try await ProposalService(database: database, clock: clock.clock)
            .create(in: campaign, ProposalInput(title: title, body: body, category: category), by: try await record(author))
    }

    /// A comment (or reply) written through the service.
    public func comment(_ body: String, on proposal: Proposal.ID, by author: Account.ID, parent: Comment.ID? = nil) async throws -> CommentView {
        try await CommentService(database: database, clock: clock.clock)
            .create(on: proposal, body: body, stance: .neutral, parent: parent, by: try await record(author))
    }
}

extension TestResponse {
    /// The `items` array of a list response.
    public func items() throws -> [[String: Any]] { (try json()["items"] as? [[String: Any]]) ?? [] }
}
