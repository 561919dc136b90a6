import Foundation
import Logging
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// In the server a stale summary is renewed by `PlannerSummaryWorker`, never inside a
/// participant's request; the worker renews only what changed, once across instances.
@Suite struct PlannerSummaryWorkerTests {
    /// A campaign in its voting phase with the planner of `PlannerExportTests.spec`.
    private struct Setup {
        let database: Database
        let clock: ManualClock
        let fixtures: VoteFixtures
        let campaign: CampaignRecord
        let planner: PlannerRecord

        /// An instance's service; in the server it leaves renewals to the worker.
        func service(renewsInBackground: Bool = true) -> PlannerService {
            var service = PlannerService(database: database, clock: clock.clock)
            service.renewsSummariesInBackground = renewsInBackground
            return service
        }

        func worker(_ service: PlannerService) -> PlannerSummaryWorker {
            PlannerSummaryWorker(planner: service, interval: .seconds(5), logger: Logger(label: "test"))
        }

        /// Plans of `accounts`, one each, changing culture by different amounts.
        func submit(_ accounts: [Account.ID], with service: PlannerService) async throws {
            for (index, account) in accounts.enumerated() {
                let line = PlanLine(item: "kultur", amountCents: 30_000 + Int64(index % 10) * 2_000)
                _ = try await service.saveDraft(campaign: campaign, lines: [line], by: account)
                _ = try await service.submit(campaign: campaign, by: account)
            }
        }
    }

    private func withPlanner(_ body: (Setup) async throws -> Void) async throws {
        try await withTestDatabase { _, database in
            let clock = ManualClock()
            let fixtures = VoteFixtures(database: database, clock: clock.clock)
            let campaign = try await fixtures.campaign("haushalt", phase: .voting)
            let planner = try await PlannerService(database: database, clock: clock.clock)
                .define(PlannerExportTests.spec, campaign: campaign, by: .commandLine)
            try await body(Setup(database: database, clock: clock, fixtures: fixtures, campaign: campaign, planner: planner))
        }
    }

    @Test func aStaleSummaryIsServedAsItIsUntilTheWorkerRenewsIt() async throws {
        try await withPlanner { setup in
            let service = setup.service()
            let accounts = try await setup.fixtures.participants(3)
            // The very first summary is computed by the request that needs it: the first
            // submission's comparison.
            try await setup.submit([accounts[0]], with: service)
            #expect(try await service.summary(setup.planner).plans == 1)
            try await setup.submit(Array(accounts[1...]), with: service)
            setup.clock.advance(by: 61)
            // Stale now, and the request serves it as it is (past the instance's one-second copy).
            try await Task.sleep(for: .milliseconds(1_100))
            #expect(try await service.summary(setup.planner).plans == 1)
            let worker = setup.worker(service)
            #expect(try await worker.renewDue() == 1)
            #expect(try await service.summary(setup.planner).plans == 3)
            // Fresh again: nothing to renew.
            #expect(try await worker.renewDue() == 0)
        }
    }

    /// A stale summary whose plans did not change is left alone; a plan withdrawn (fewer
    /// plans, none newer) is a change.
    @Test func theWorkerRenewsOnlySummariesWhosePlansChanged() async throws {
        try await withPlanner { setup in
            let service = setup.service(renewsInBackground: false)
            let worker = setup.worker(service)
            let accounts = try await setup.fixtures.participants(3)
            // No plans, no summary needed.
            #expect(try await worker.renewDue() == 0)
            // The submissions' comparisons computed a summary of the first plan, fresh for a minute.
            try await setup.submit(accounts, with: service)
            #expect(try await worker.renewDue() == 0)
            setup.clock.advance(by: 61)
            #expect(try await worker.renewDue() == 1)
            #expect(try await service.summary(setup.planner).plans == 3)
            setup.clock.advance(by: 120)
            #expect(try await worker.renewDue() == 0)
            // Confirmed as it is: looked at again a minute later, not in every round.
            let confirmedAt = try await setup.database.query("SELECT computed_at FROM planner_summaries")[0].decode(Date.self)
            #expect(confirmedAt == setup.clock.now)
            try await service.withdraw(campaign: setup.campaign, by: accounts[0])
            setup.clock.advance(by: 61)
            #expect(try await worker.renewDue() == 1)
            #expect(try await service.summary(setup.planner).plans == 2)
        }
    }

    /// Two instances' workers at the same moment: one renews, the other finds it locked or
    /// already renewed.
    @Test func twoInstancesRenewAStaleSummaryOnce() async throws {
        try await withPlanner { setup in
            let (here, elsewhere) = (setup.service(), setup.service())
            try await setup.submit(try await setup.fixtures.participants(40), with: here)
            let workers = [setup.worker(here), setup.worker(elsewhere)]
            setup.clock.advance(by: 61)
            for round in 0..<5 {
                async let first = workers[0].renewDue()
                async let second = workers[1].renewDue()
                #expect(try await first + second == 1)
                setup.clock.advance(by: 61)
                try await setup.submit(try await setup.fixtures.participants(1, prefix: "round\(round)-"), with: here)
            }
        }
    }
}
