import Foundation
import Logging
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// In the server a stale summary is renewed by `PlannerSummaryWorker`, never inside a
/// participant's request; the worker renews only what changed, once across instances.
@Suite struct PlannerSummaryWorkerTests {
    /// Plans of `accounts`, one each, changing culture by a different amount.
    private static func submit(_ accounts: [Account.ID], campaign: CampaignRecord, with service: PlannerService) async throws {
        for (index, account) in accounts.enumerated() {
            _ = try await service.saveDraft(
                campaign: campaign, lines: [PlanLine(item: "kultur", amountCents: 30_000 + Int64(index % 10) * 2_000)], by: account)
            _ = try await service.submit(campaign: campaign, by: account)
        }
    }

    @Test func aStaleSummaryIsServedAsItIsUntilTheWorkerRenewsIt() async throws {
        try await withTestDatabase { _, database in
            let clock = ManualClock()
            let fixtures = VoteFixtures(database: database, clock: clock.clock)
            let campaign = try await fixtures.campaign("haushalt", phase: .voting)
            let accounts = try await fixtures.participants(3)
            var service = PlannerService(database: database, clock: clock.clock)
            service.renewsSummariesInBackground = true
            let planner = try await service.define(PlannerExportTests.spec, campaign: campaign, by: .commandLine)
            // The very first summary is computed by the request that needs it: the first
            // submission's comparison.
            try await Self.submit([accounts[0]], campaign: campaign, with: service)
            #expect(try await service.summary(planner).plans == 1)
            try await Self.submit(Array(accounts[1...]), campaign: campaign, with: service)
            clock.advance(by: 61)
            // Stale now, and the request serves it as it is (past the instance's one-second copy).
            try await Task.sleep(for: .milliseconds(1_100))
            #expect(try await service.summary(planner).plans == 1)
            let worker = PlannerSummaryWorker(planner: service, interval: .seconds(5), logger: Logger(label: "test"))
            #expect(try await worker.renewDue() == 1)
            #expect(try await service.summary(planner).plans == 3)
            // Fresh again: nothing to renew.
            #expect(try await worker.renewDue() == 0)
        }
    }

    /// A stale summary whose plans did not change is left alone; a plan withdrawn (fewer
    /// plans, none newer) is a change.
    @Test func theWorkerRenewsOnlySummariesWhosePlansChanged() async throws {
        try await withTestDatabase { _, database in
            let clock = ManualClock()
            let fixtures = VoteFixtures(database: database, clock: clock.clock)
            let campaign = try await fixtures.campaign("haushalt", phase: .voting)
            let accounts = try await fixtures.participants(3)
            let service = PlannerService(database: database, clock: clock.clock)
            let planner = try await service.define(PlannerExportTests.spec, campaign: campaign, by: .commandLine)
            let worker = PlannerSummaryWorker(planner: service, interval: .seconds(5), logger: Logger(label: "test"))
            // No plans, no summary needed.
            #expect(try await worker.renewDue() == 0)
            // The submissions' comparisons computed a summary of the first plan, fresh for a minute.
            try await Self.submit(accounts, campaign: campaign, with: service)
            #expect(try await worker.renewDue() == 0)
            clock.advance(by: 61)
            #expect(try await worker.renewDue() == 1)
            #expect(try await service.summary(planner).plans == 3)
            clock.advance(by: 120)
            #expect(try await worker.renewDue() == 0)
            try await service.withdraw(campaign: campaign, by: accounts[0])
            #expect(try await worker.renewDue() == 1)
            #expect(try await service.freshSummary(planner).plans == 2)
            #expect(try await service.summary(planner).plans == 2)
        }
    }

    /// Two instances' workers at the same moment: one renews, the other finds it locked or
    /// already renewed.
    @Test func twoInstancesRenewAStaleSummaryOnce() async throws {
        try await withTestDatabase { _, database in
            let clock = ManualClock()
            let fixtures = VoteFixtures(database: database, clock: clock.clock)
            let campaign = try await fixtures.campaign("haushalt", phase: .voting)
            var here = PlannerService(database: database, clock: clock.clock)
            var elsewhere = PlannerService(database: database, clock: clock.clock)
            here.renewsSummariesInBackground = true
            elsewhere.renewsSummariesInBackground = true
            _ = try await here.define(PlannerExportTests.spec, campaign: campaign, by: .commandLine)
            try await Self.submit(try await fixtures.participants(40), campaign: campaign, with: here)
            let workers = [here, elsewhere].map { PlannerSummaryWorker(planner: $0, interval: .seconds(5), logger: Logger(label: "test")) }
            clock.advance(by: 61)
            for round in 0..<5 {
                async let first = workers[0].renewDue()
                async let second = workers[1].renewDue()
                let renewed = try await first + second
                #expect(renewed == 1)
                clock.advance(by: 61)
                try await Self.submit(try await fixtures.participants(1, prefix: "round\(round)-"), campaign: campaign, with: here)
            }
        }
    }
}
