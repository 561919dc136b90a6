import Foundation
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// Each instance of the service keeps its own copies of planner definitions and summaries
/// (`PlannerMemos`). Two services on one database stand for two instances of the server.
@Suite struct PlannerInstancesTests {
    /// An instance takes a definition from its copy only while the planner's version is
    /// unchanged: redefined by another instance (allowed while no plan is submitted), the
    /// next submission here is checked against the new definition.
    @Test func aSubmissionIsCheckedAgainstThePlannerAsLastDefinedAnywhere() async throws {
        try await withTestDatabase { _, database in
            let clock = ManualClock()
            let campaign = try await VoteFixtures(database: database, clock: clock.clock).campaign("haushalt", phase: .voting)
            let account = try await VoteFixtures(database: database, clock: clock.clock).participants(1)[0]
            let here = PlannerService(database: database, clock: clock.clock)
            let elsewhere = PlannerService(database: database, clock: clock.clock)
            _ = try await here.define(PlannerExportTests.spec, campaign: campaign, by: .commandLine)
            // Culture (400 €, ±50 %) at 600 €: within range as first defined.
            _ = try await here.saveDraft(campaign: campaign, lines: [PlanLine(item: "kultur", amountCents: 60_000)], by: account)
            var narrowed = PlannerExportTests.spec
            narrowed.areas[1].items[1].rangePercent = 10
            _ = try await elsewhere.define(narrowed, campaign: campaign, by: .commandLine)
            do {
                _ = try await here.submit(campaign: campaign, by: account)
                Issue.record("a draft out of the redefined range was submitted")
            } catch let error as ServiceError {
                guard case .invalid(let problems) = error else { throw error }
                #expect(problems.compactMap(\.rule) == ["out-of-range"])
            }
            #expect(try await database.query("SELECT count(*)::int FROM plans WHERE status = 'submitted'")[0].decode(Int.self) == 0)
        }
    }

    /// A summary computed by one instance reaches another once its copy is older than the
    /// recheck (a second): the copies never make a summary staler than the stored one.
    @Test func aSummaryStoredByAnotherInstanceIsTakenAfterTheRecheck() async throws {
        try await withTestDatabase { _, database in
            let clock = ManualClock()
            let campaign = try await VoteFixtures(database: database, clock: clock.clock).campaign("haushalt", phase: .voting)
            let accounts = try await VoteFixtures(database: database, clock: clock.clock).participants(2)
            let here = PlannerService(database: database, clock: clock.clock)
            let elsewhere = PlannerService(database: database, clock: clock.clock)
            let planner = try await here.define(PlannerExportTests.spec, campaign: campaign, by: .commandLine)
            _ = try await here.saveDraft(campaign: campaign, lines: [PlanLine(item: "kultur", amountCents: 60_000)], by: accounts[0])
            #expect(try await here.submit(campaign: campaign, by: accounts[0]).comparison?.plans == 1)
            _ = try await elsewhere.saveDraft(campaign: campaign, lines: [PlanLine(item: "kultur", amountCents: 50_000)], by: accounts[1])
            _ = try await elsewhere.submit(campaign: campaign, by: accounts[1])
            #expect(try await elsewhere.freshSummary(planner).plans == 2)
            // This instance's copy (one plan) is given up after the recheck.
            try await Task.sleep(for: .milliseconds(1_100))
            #expect(try await here.summary(planner).plans == 2)
        }
    }

    /// The summary reads each plan's stored change vector (Schema 0026); a plan written
    /// without one (by the previous release during an upgrade) or changed by other code
    /// since (its `updated_at` moved on) is read from its lines, to the same figures.
    @Test func plansWithoutTheirVectorCountFromTheirLines() async throws {
        try await withTestDatabase { _, database in
            let clock = ManualClock()
            let fixtures = VoteFixtures(database: database, clock: clock.clock)
            let campaign = try await fixtures.campaign("haushalt", phase: .voting)
            let service = PlannerService(database: database, clock: clock.clock)
            let planner = try await service.define(PlannerExportTests.spec, campaign: campaign, by: .commandLine)
            for (index, account) in try await fixtures.participants(12).enumerated() {
                let lines = [
                    PlanLine(item: "kultur", amountCents: 20_000 + Int64(index % 7) * 4_000),
                    PlanLine(item: "steuer", amountCents: 100_000 + Int64(index % 5 - 2) * 10_000),
                ]
                _ = try await service.saveDraft(campaign: campaign, lines: lines, by: account)
                _ = try await service.submit(campaign: campaign, by: account)
            }
            let stored = try await database.query(
                "SELECT count(*)::int FROM plans WHERE status = 'submitted' AND changes_at = updated_at AND cardinality(changes) = 3")
            #expect(try stored[0].decode(Int.self) == 12)
            let fromVectors = try await service.freshSummary(planner)
            // A third without a vector, a third whose vector is out of date (wrong on purpose).
            try await database.query(
                """
                UPDATE plans SET changes = NULL, changes_at = NULL
                WHERE id IN (SELECT id FROM plans WHERE status = 'submitted' ORDER BY id LIMIT 4)
                """)
            try await database.query(
                """
                UPDATE plans SET changes = '{999,999,999}', updated_at = updated_at + interval '1 second'
                WHERE id IN (SELECT id FROM plans WHERE status = 'submitted' ORDER BY id OFFSET 4 LIMIT 4)
                """)
            let fromLines = try await service.freshSummary(planner)
            #expect(fromLines == fromVectors)
            #expect(fromLines.plans == 12)
        }
    }
}
