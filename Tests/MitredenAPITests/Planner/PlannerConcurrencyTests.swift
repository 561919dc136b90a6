import Foundation
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// Concurrent plans go through the service from a task group over a pool of several
/// connections (the HTTP test client sends one request after another). Serialised like the
/// vote bursts, so the suites' pools do not crowd each other out.
@Suite(.serialized) struct PlannerConcurrencyTests {
    static func withPool<Result: Sendable>(_ body: @escaping @Sendable (Database, ManualClock) async throws -> Result) async throws -> Result {
        try await withTestDatabase { url, _ in
            try await TestDatabases.withClient(url, poolSize: 10) { database in try await body(database, ManualClock()) }
        }
    }

    /// A voting campaign with the planner of ``PlannerExportTests/spec``.
    static func campaign(_ database: Database, _ clock: ManualClock) async throws -> (CampaignRecord, PlannerService) {
        let campaign = try await VoteFixtures(database: database, clock: clock.clock).campaign("haushalt", phase: .voting)
        let service = PlannerService(database: database, clock: clock.clock)
        _ = try await service.define(PlannerExportTests.spec, campaign: campaign, by: .commandLine)
        return (campaign, service)
    }

    @Test func twentySimultaneousSubmitsByOneParticipantLeaveExactlyOnePlan() async throws {
        try await Self.withPool { database, clock in
            let (campaign, service) = try await Self.campaign(database, clock)
            let account = try await VoteFixtures(database: database, clock: clock.clock).participants(1)[0]
            _ = try await service.saveDraft(campaign: campaign, lines: [PlanLine(item: "kultur", amountCents: 30_000)], by: account)
            let failures = await withTaskGroup(of: String?.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        do { _ = try await service.submit(campaign: campaign, by: account); return nil } catch { return "\(error)" }
                    }
                }
                return await group.reduce(into: [String]()) { if let failure = $1 { $0.append(failure) } }
            }
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            #expect(try await database.query("SELECT count(*)::int FROM plans WHERE status = 'submitted'")[0].decode(Int.self) == 1)
            let lines = try await database.query(
                "SELECT count(*)::int FROM plan_lines l JOIN plans p ON p.id = l.plan_id WHERE p.status = 'submitted'")[0].decode(Int.self)
            #expect(lines == 1)
        }
    }

    /// A submission reads the draft and writes the plan in two round trips (the write takes
    /// the participant's lock): whatever drafts are saved meanwhile, the submitted plan is
    /// always one whole draft, never the lines of one mixed with those of another.
    @Test func aSubmittedPlanIsOneWholeDraftWhileDraftsChangeUnderIt() async throws {
        try await Self.withPool { database, clock in
            let (campaign, service) = try await Self.campaign(database, clock)
            let account = try await VoteFixtures(database: database, clock: clock.clock).participants(1)[0]
            let first = [PlanLine(item: "kultur", amountCents: 30_000)]
            let second = [PlanLine(item: "kita", amountCents: 50_000), PlanLine(item: "steuer", amountCents: 110_000)]
            _ = try await service.saveDraft(campaign: campaign, lines: first, by: account)
            let failures = await withTaskGroup(of: String?.self) { group in
                for round in 0..<30 {
                    group.addTask {
                        do {
                            if round % 2 == 0 {
                                _ = try await service.saveDraft(campaign: campaign, lines: round % 4 == 0 ? second : first, by: account)
                            } else {
                                _ = try await service.submit(campaign: campaign, by: account)
                            }
                            return nil
                        } catch { return "\(error)" }
                    }
                }
                return await group.reduce(into: [String]()) { if let failure = $1 { $0.append(failure) } }
            }
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            let stored = try await database.query(
                """
                SELECT l.item_key, l.amount_cents FROM plan_lines l JOIN plans p ON p.id = l.plan_id
                WHERE p.status = 'submitted' ORDER BY l.item_key
                """
            ).map { try $0.decode((String, Int64).self) }
            let lines = stored.map { "\($0.0)=\($0.1)" }
            #expect(lines == ["kultur=30000"] || lines == ["kita=50000", "steuer=110000"], "\(lines)")
        }
    }

    @Test func twoHundredParticipantsSubmittingAtOnceAllCount() async throws {
        try await Self.withPool { database, clock in
            let (campaign, service) = try await Self.campaign(database, clock)
            let accounts = try await VoteFixtures(database: database, clock: clock.clock).participants(200)
            let failures = await withTaskGroup(of: String?.self) { group in
                for (index, account) in accounts.enumerated() {
                    group.addTask {
                        do {
                            let lines = [PlanLine(item: "kultur", amountCents: 20_000 + Int64(index % 11) * 2_000)]
                            _ = try await service.saveDraft(campaign: campaign, lines: lines, by: account)
                            _ = try await service.submit(campaign: campaign, by: account)
                            return nil
                        } catch { return "\(error)" }
                    }
                }
                return await group.reduce(into: [String]()) { if let failure = $1 { $0.append(failure) } }
            }
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            #expect(try await database.query("SELECT count(*)::int FROM plans WHERE status = 'submitted'")[0].decode(Int.self) == 200)
            let planner = try await service.planner(of: campaign)
            #expect(try await service.freshSummary(planner).plans == 200)
        }
    }
}
