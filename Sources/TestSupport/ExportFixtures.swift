import Foundation
import MitredenAPI
import MitredenDomain
import MitredenStore

/// A budget campaign with content in every state an export must handle: published,
/// pending and rejected proposals and comments, formula-like and multi-line text, votes,
/// an official response and a stored result run. Written through the stores and plain SQL,
/// bypassing the phase rules, so one campaign can hold what several phases produce.
public struct ExportFixtures: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// Text that a spreadsheet would evaluate, with quotes, newlines and umlauts.
    public static let awkwardTitles = [
        "=HYPERLINK(\"http://evil.example\";\"klick\")", "+49 40 428 28-0", "-2+3", "@SUM(A1:A9)", "\tTabulator",
        "Grünfläche \"Am Dom\"; mit Bänken", "Zeile eins\nZeile zwei",
    ]
    public static let secretTitles = ["WARTET auf Freigabe", "ABGELEHNT wegen Beleidigung"]

    public struct Made: Sendable {
        public var campaign: CampaignRecord
        public var published: [Proposal.ID]
        public var publishedComments: Int
        public var participants: [Account.ID]
    }

    /// `phases` decides what the export routes allow (results phase: public).
    public func make(phases: [PhaseWindow], openData: Bool = false, clock: AppClock = .system) async throws -> Made {
        if try await Units.find(slug: "bezirk", on: database) == nil {
            _ = try await UnitService(database: database, clock: clock).create(slug: "bezirk", name: "Bezirk", by: .commandLine)
        }
        var settings = CampaignSettings()
        settings.ratingsEnabled = true
        settings.ballot = BallotRules(method: .knapsack)
        settings.openData = openData
        let service = CampaignService(database: database, clock: clock)
        _ = try await service.create(
            CampaignSpec(
                unit: "bezirk", draft: CampaignDraft(slug: "haushalt", title: "Haushalt", kind: .budget, settings: settings),
                phases: phases, categories: [CategoryRecord(slug: "gruen", name: "=Grün")],
                areas: [BudgetAreaRecord(slug: "mitte", name: "@Mitte", budgetCents: 100_000_00)]
            ), by: .commandLine)
        let campaign = try await service.publish("haushalt", by: .commandLine)

        let participants = try await database.query(
            """
            INSERT INTO accounts (email, display_name, password_hash, district, role, verified_at, created_at)
            SELECT format('p%s@example.org', n), format('Person%s', n), 'x', CASE WHEN n <= 6 THEN 'hamm' ELSE 'borgfelde' END,
                   'participant', now(), now()
            FROM generate_series(1, 8) n RETURNING id
            """
        ).map { try $0.decode(Account.ID.self) }

        var published: [Proposal.ID] = []
        for (index, title) in Self.awkwardTitles.enumerated() {
            published.append(
                try await proposal(
                    campaign.id, title: title, body: "-Body \(index)\r\n=1+1", status: "published",
                    author: participants[index % participants.count], cost: Int64(index + 1) * 1_000_00))
        }
        _ = try await proposal(campaign.id, title: Self.secretTitles[0], body: "pending", status: "pending", author: participants[0], cost: 100)
        _ = try await proposal(campaign.id, title: Self.secretTitles[1], body: "rejected", status: "rejected", author: participants[1], cost: 100)

        var publishedComments = 0
        for (index, proposal) in published.prefix(3).enumerated() {
            try await comment(proposal, body: "=cmd|' /C calc'!A0 \"zitiert\"\nneue Zeile", status: "published", author: participants[index])
            try await comment(proposal, body: "WARTENDER Kommentar", status: "pending", author: participants[index])
            publishedComments += 1
        }
        // Votes, with the counters the vote service would keep.
        for (index, proposal) in published.enumerated() {
            for voter in participants.prefix(index + 1) {
                try await database.query(
                    "INSERT INTO supports (proposal_id, account_id, campaign_id, created_at) VALUES (\(proposal), \(voter), \(campaign.id), now())")
            }
            try await database.query(
                """
                UPDATE proposal_counters SET supports = \(index + 1), pro = \(index * 2), contra = \(index % 3) WHERE proposal_id = \(proposal)
                """)
        }
        try await database.query(
            """
            INSERT INTO official_responses (proposal_id, unit_id, status, body, created_at)
            SELECT \(published[0]), u.id, 'accepted', '=Wird umgesetzt; "bald"', now() FROM organization_units u WHERE u.slug = 'bezirk'
            """)
        // Three ballots, so election.pb has votes to stream.
        for (index, voter) in participants.prefix(3).enumerated() {
            let ballot = try await database.query(
                """
                INSERT INTO ballots (campaign_id, area_id, account_id, submitted_at)
                SELECT \(campaign.id), a.id, \(voter), now() + \(index) * interval '1 second' FROM budget_areas a WHERE a.campaign_id = \(campaign.id)
                RETURNING id
                """)[0].decode(UUID.self)
            for (rank, proposal) in published.prefix(index + 1).enumerated() {
                try await database.query("INSERT INTO ballot_choices (ballot_id, proposal_id, rank) VALUES (\(ballot), \(proposal), \(rank))")
            }
        }
        let selected = #"[{"proposalId": "\#(published[1].uuidString.lowercased())", "reference": null, "costCents": 200000}]"#
        try await database.query(
            """
            INSERT INTO result_runs (campaign_id, area_id, method, parameters, input_digest, ballots, selected, total_cost_cents, computed_at)
            SELECT \(campaign.id), a.id, 'greedy_votes', '{}'::jsonb, \(String(repeating: "0", count: 64)), 0, \(selected)::jsonb, 200000, now()
            FROM budget_areas a WHERE a.campaign_id = \(campaign.id)
            """)
        return Made(campaign: campaign, published: published, publishedComments: publishedComments, participants: participants)
    }

    private func proposal(_ campaign: Campaign.ID, title: String, body: String, status: String, author: Account.ID, cost: Int64) async throws
        -> Proposal.ID
    {
        let draft = ProposalDraft(title: title, body: body, category: "gruen", area: "mitte", costCents: cost)
        return try await Proposals.insert(
            draft, campaign: campaign, author: author, channel: .online, enteredBy: nil,
            status: ModerationStatus(rawValue: status) ?? .pending, now: Date(), on: database
        )
    }

    private func comment(_ proposal: Proposal.ID, body: String, status: String, author: Account.ID) async throws {
        try await database.query(
            """
            INSERT INTO comments (proposal_id, depth, author_id, body, stance, moderation_status, created_at)
            VALUES (\(proposal), 1, \(author), \(body), 'pro', \(status), now())
            """)
    }
}
