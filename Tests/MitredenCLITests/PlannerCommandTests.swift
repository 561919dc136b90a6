import Foundation
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// `mitreden planner …` and the `planner` section of a campaign file, run as the real binary.
@Suite struct PlannerCommandTests {
    static let campaignFile = """
        unit: finanzen
        slug: haushalt-2027
        title: Haushalt 2027
        kind: dialogue
        phases:
          - { kind: voting, startsAt: "2020-01-01T00:00:00Z", endsAt: "2099-01-01T00:00:00Z" }
        planner:
          title: Haushalt 2027
          balanceRule: balanced
          projectionYears: 5
          areas:
            - key: einnahmen
              name: Einnahmen
              items:
                - { key: steuer, name: Steuer, side: revenue, baseline: 1000, rangePercent: 20, step: 10 }
            - key: ausgaben
              name: Ausgaben
              items:
                - { key: kita, name: Kita, side: expense, baseline: "600.50", min: 500, max: 800, step: "0.50" }
                - { key: zinsen, name: Zinsen, side: expense, baseline: 399.50, min: 399.50, max: 399.50, step: 1, protected: true }
        """

    @Test func aCampaignFileDefinesThePlannerAndTheSummaryIsPrinted() async throws {
        try await withTestDatabase { url, database in
            #expect(try await CampaignCommandTests.run(["unit", "create", "finanzen", "--name", "Finanzen"], url).status == 0)
            let created = try await CampaignCommandTests.run(
                ["campaign", "create", "--file", try CampaignCommandTests.write(Self.campaignFile, name: "p.yaml")], url)
            #expect(created.status == 0, "\(created.output)")
            let campaign = try #require(try await Campaigns.find(slug: "haushalt-2027", on: database))
            let planner = try #require(try await Planners.find(campaign: campaign.id, on: database))
            #expect(planner.definition.item("kita")?.baselineCents == 60_050)
            #expect(planner.definition.item("steuer")?.minCents == 80_000)
            #expect(planner.definition.baselineBalanceCents == 0)
            #expect(try await CampaignCommandTests.run(["campaign", "publish", "haushalt-2027"], url).status == 0)
            let published = try #require(try await Campaigns.find(slug: "haushalt-2027", on: database))

            let service = PlannerService(database: database, clock: .system)
            for (index, account) in try await VoteFixtures(database: database, clock: .system).participants(3).enumerated() {
                let raise = Int64(index) * 1_000
                let lines = [PlanLine(item: "kita", amountCents: 60_050 + raise), PlanLine(item: "steuer", amountCents: 100_000 + raise)]
                _ = try await service.saveDraft(campaign: published, lines: lines, by: account)
                _ = try await service.submit(campaign: published, by: account)
            }
            let summary = try await CampaignCommandTests.run(["planner", "summary", "--campaign", "haushalt-2027"], url)
            #expect(summary.status == 0, "\(summary.output)")
            #expect(summary.output.contains("3 plans, 3 balanced (100 %)"), "\(summary.output)")
            #expect(summary.output.contains("kita"), "\(summary.output)")
            let json = try await CampaignCommandTests.run(["planner", "summary", "--campaign", "haushalt-2027", "--json"], url)
            let body = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
            #expect(body?["plans"] as? Int == 3)
            // Submitted plans fix the planner.
            let redefine = try await CampaignCommandTests.run(
                ["planner", "define", "--campaign", "haushalt-2027", "--file", try CampaignCommandTests.write(Self.campaignFile, name: "q.yaml")],
                url)
            #expect(redefine.status == 1, "\(redefine.output)")
        }
    }

    @Test func aBadPlannerSectionCreatesNothingAndNamesTheField() async throws {
        try await withTestDatabase { url, database in
            #expect(try await CampaignCommandTests.run(["unit", "create", "finanzen", "--name", "Finanzen"], url).status == 0)
            let bad = Self.campaignFile.replacingOccurrences(of: "step: 10 }", with: "step: 0 }")
            let result = try await CampaignCommandTests.run(
                ["campaign", "create", "--file", try CampaignCommandTests.write(bad, name: "b.yaml")], url)
            #expect(result.status != 0)
            #expect(result.output.contains("planner.areas[0].items[0].stepCents"), "\(result.output)")
            #expect(try await Campaigns.find(slug: "haushalt-2027", on: database) == nil)
        }
    }
}
