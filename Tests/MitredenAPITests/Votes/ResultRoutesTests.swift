import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

@Suite struct ResultRoutesTests {
    /// A knapsack campaign in `phase` with three proposals in `mitte` and three ballots cast;
    /// its configured result method is `greedy_votes` unless `resultMethod` says otherwise.
    static func setUp(
        _ database: Database, clock: ManualClock, phase: PhaseKind, resultMethod: BudgetRule? = .greedyVotes
    ) async throws -> (VoteFixtures, [Proposal.ID]) {
        let fixtures = VoteFixtures(database: database, clock: clock.clock)
        let campaign = try await fixtures.campaign("haushalt", phase: .voting) {
            $0.ratingsEnabled = true
            $0.ballot?.resultMethod = resultMethod
        }
        var proposals: [Proposal.ID] = []
        for (index, cost) in [60_000, 50_000, 40_000].enumerated() {
            proposals.append(try await fixtures.proposal(in: campaign, area: "mitte", costCents: Int64(cost), reference: "P\(index + 1)"))
        }
        let voters = try await fixtures.participants(3)
        let ballots = BallotService(database: database, clock: clock.clock)
        for (voter, picks) in zip(voters, [[0], [0, 2], [1, 2]]) {
            _ = try await ballots.submit(
                campaign: "haushalt", area: "mitte", choices: picks.map { BallotChoice(proposalID: proposals[$0]) }, by: voter)
        }
        let steps = VoteFixtures.schedule.firstIndex(of: phase)! - VoteFixtures.schedule.firstIndex(of: .voting)!
        clock.advance(by: Double(steps) * 86_400)
        return (fixtures, proposals)
    }

    static func runCount(_ database: Database) async throws -> Int {
        try await database.query("SELECT count(*)::int FROM result_runs")[0].decode(Int.self)
    }

    static func worker(_ database: Database, _ clock: ManualClock) -> ResultWorker {
        ResultWorker(database: database, interval: .seconds(30), clock: clock.clock, logger: .init(label: "test"))
    }

    @Test func theWorkerComputesTheConfiguredRuleOnceAfterVotingClosesAndReadersGetThatRun() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let (_, proposals) = try await Self.setUp(database, clock: clock, phase: .results)
            // Before the worker has run: a clear 503, and the read computed nothing.
            let pending = try await client.send(.get, "/v1/campaigns/haushalt/results")
            #expect(pending.status == .serviceUnavailable)
            #expect(pending.headers[.retryAfter] == String(ResultService.pendingRetryAfter))
            #expect(try pending.problem().type.hasSuffix("/results-pending"))
            #expect(try pending.problem().detail?.contains("being computed") == true)
            #expect(try await Self.runCount(database) == 0)

            let computed = try await Self.worker(database, clock).computeDue()
            #expect(computed.count == 1)
            #expect(try await Self.worker(database, clock).computeDue().isEmpty)
            #expect(try await Self.runCount(database) == 1)
            #expect(try await database.query("SELECT count(*)::int FROM result_closings")[0].decode(Int.self) == 1)

            let first = try await client.send(.get, "/v1/campaigns/haushalt/results")
            #expect(first.status == .ok)
            #expect(try first.json()["method"] as? String == "greedy_votes")
            let area = try #require((try first.json()["areas"] as? [[String: Any]])?.first)
            let selected = (area["selected"] as? [[String: Any]])?.compactMap { $0["reference"] as? String }
            // P1 and P3 have two votes each (P1 first by id), then P2 no longer fits.
            #expect(selected == ["P1", "P3"])
            #expect(area["totalCostCents"] as? Int == 100_000)
            #expect(area["ballots"] as? Int == 3)
            #expect(area["runId"] as? String == computed[0].id.uuidString.lowercased())
            #expect(area["inputDigest"] as? String == computed[0].inputDigest)
            #expect((try first.json()["ranking"] as? [Any])?.count == proposals.count)
            let named = try await client.send(.get, "/v1/campaigns/haushalt/results?method=greedy_votes")
            #expect(try named.json()["areas"] as? [[String: Any]] != nil)
            #expect(((try named.json()["areas"] as? [[String: Any]])?.first?["runId"] as? String) == area["runId"] as? String)
            #expect(try await Self.runCount(database) == 1)
        }
    }

    @Test func theWorkerLeavesOpenVotesAlone() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { _, database in
            _ = try await Self.setUp(database, clock: clock, phase: .voting)
            #expect(try await Self.worker(database, clock).computeDue().isEmpty)
            #expect(try await Self.runCount(database) == 0)
            // A day later voting has closed: computed then, once.
            clock.advance(by: 86_400)
            #expect(try await Self.worker(database, clock).computeDue().count == 1)
            #expect(try await Self.worker(database, clock).computeDue().isEmpty)
            #expect(try await Self.runCount(database) == 1)
        }
    }

    @Test func readersGetTheStoredRunEvenWhenBallotsChangeAfterIt() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            _ = try await Self.setUp(database, clock: clock, phase: .results)
            let stored = try #require(try await Self.worker(database, clock).computeDue().first)
            // Ballots changed behind the run's back (an erasure, a repair by hand): readers
            // still get the stored run with its digest, and nothing is computed.
            try await database.query("DELETE FROM ballots WHERE id = (SELECT id FROM ballots ORDER BY submitted_at LIMIT 1)")
            for _ in 0..<3 {
                let read = try await client.send(.get, "/v1/campaigns/haushalt/results")
                let area = try #require((try read.json()["areas"] as? [[String: Any]])?.first)
                #expect(area["runId"] as? String == stored.id.uuidString.lowercased())
                #expect(area["inputDigest"] as? String == stored.inputDigest)
                #expect(area["ballots"] as? Int == 3)
            }
            #expect(try await Self.runCount(database) == 1)

            // Staff recompute on request a minute later: voting has closed, so the input is the
            // one frozen at the close, and the official run stays what readers see.
            clock.advance(by: 60)
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await accounts.member(try await accounts.account("Olga"), of: "finanzen", as: .official)
            let recomputed = try await client.send(.post, "/v1/campaigns/haushalt/results", json: [:], token: try await accounts.login("Olga"))
            #expect(recomputed.status == .ok)
            let fresh = try #require((try recomputed.json()["areas"] as? [[String: Any]])?.first)
            #expect(fresh["ballots"] as? Int == 3)
            #expect(fresh["inputDigest"] as? String == stored.inputDigest)
            #expect(fresh["runId"] as? String == stored.id.description)
            let read = try await client.send(.get, "/v1/campaigns/haushalt/results")
            #expect(((try read.json()["areas"] as? [[String: Any]])?.first?["runId"] as? String) == fresh["runId"] as? String)
            #expect(try await Self.runCount(database) == 1)
        }
    }

    @Test func concurrentComputationsOfOneInputStoreOneRun() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            _ = try await Self.setUp(database, clock: clock, phase: .results)
            let service = ResultService(database: database, clock: clock.clock)
            let campaign = try await CampaignService(database: database, clock: clock.clock).require("haushalt")
            let runIDs = try await withThrowingTaskGroup(of: ResultRun.ID.self) { group in
                for _ in 0..<8 { group.addTask { try await service.compute(campaign, rule: .greedyVotes).runs[0].id } }
                for _ in 0..<4 {
                    group.addTask {
                        // A worker that lost the race to a staff computation retries next round.
                        if let run = try await Self.worker(database, clock).computeDue().first { return run.id }
                        return try await service.compute(campaign, rule: .greedyVotes).runs[0].id
                    }
                }
                return try await group.reduce(into: Set<ResultRun.ID>()) { $0.insert($1) }
            }
            #expect(runIDs.count == 1)
            #expect(try await Self.runCount(database) == 1)
            _ = try await Self.worker(database, clock).computeDue()
            #expect(try await Self.worker(database, clock).computeDue().isEmpty)
            #expect(try await database.query("SELECT count(*)::int FROM result_closings")[0].decode(Int.self) == 1)
            #expect(try await Self.runCount(database) == 1)
            // And sixteen readers at once: all answered from that row, nothing stored.
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<16 { group.addTask { try await client.send(.get, "/v1/campaigns/haushalt/results").status } }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: .ok, count: 16))
            #expect(try await Self.runCount(database) == 1)
        }
    }

    @Test func resultsBeforeTheirPhaseAreRefusedButStaffSeeThemInEvaluation() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            _ = try await Self.setUp(database, clock: clock, phase: .evaluation)
            // Voting closed an hour ago: the worker has computed the configured rule.
            #expect(try await Self.worker(database, clock).computeDue().count == 1)
            let refused = try await client.send(.get, "/v1/campaigns/haushalt/results?method=greedy_votes")
            #expect(refused.status == .conflict)
            #expect(try refused.problem().detail?.contains("evaluation phase") == true)
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            let official = try await accounts.account("Olga")
            try await accounts.member(official, of: "finanzen", as: .official)
            let staff = try await client.send(.get, "/v1/campaigns/haushalt/results?method=greedy_votes", token: try await accounts.login("Olga"))
            #expect(staff.status == .ok)
            #expect(staff.headers[.cacheControl]?.contains("private") == true)
        }
    }

    @Test func onlyOfficialsAndManagersComputeOnRequest() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            _ = try await Self.setUp(database, clock: clock, phase: .results, resultMethod: nil)
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await accounts.account("Paul")
            try await accounts.member(try await accounts.account("Mona"), of: "finanzen", as: .moderator)
            try await accounts.member(try await accounts.account("Max"), of: "finanzen", as: .manager)
            let path = "/v1/campaigns/haushalt/results"
            for name in ["Paul", "Mona"] {
                let refused = try await client.send(.post, path, json: ["method": "mes_cost"], token: try await accounts.login(name))
                #expect(refused.status == .forbidden, "\(name)")
            }
            #expect(try await Self.runCount(database) == 0)
            // A rule nobody computed is a 404 for readers, not a computation.
            #expect(try await client.send(.get, "\(path)?method=mes_cost").status == .notFound)
            let computed = try await client.send(.post, path, json: ["method": "mes_cost", "area": "mitte"], token: try await accounts.login("Max"))
            #expect(computed.status == .ok)
            #expect(try await client.send(.get, "\(path)?method=mes_cost").status == .ok)
            #expect(
                try await client.send(.post, path, json: ["method": "mes_cost", "area": "nowhere"], token: try await accounts.login("Max")).status
                    == .notFound)
            #expect(try await Self.runCount(database) == 1)
        }
    }

    @Test func anUnknownInapplicableOrMissingMethodIsA422NamingIt() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            _ = try await Self.setUp(database, clock: clock, phase: .results, resultMethod: nil)
            let unknown = try await client.send(.get, "/v1/campaigns/haushalt/results?method=dictator")
            #expect(unknown.status == .unprocessableContent)
            #expect(try unknown.problem().errors?.first?.field == "method")
            // No method and none configured: the allowed rules are named.
            let missing = try await client.send(.get, "/v1/campaigns/haushalt/results")
            #expect(missing.status == .unprocessableContent)
            #expect(try missing.problem().errors?.first?.field == "method")
            #expect(try missing.problem().errors?.first?.message.contains("mes_cost") == true)
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await accounts.member(try await accounts.account("Olga"), of: "finanzen", as: .official)
            let points = try await client.send(
                .post, "/v1/campaigns/haushalt/results", json: ["method": "greedy_points"], token: try await accounts.login("Olga"))
            #expect(points.status == .unprocessableContent)
            #expect(try points.problem().detail?.contains("greedy_points") == true)
        }
    }

    @Test func oneRunPerAreaIsOfficial() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { _, database in
            _ = try await Self.setUp(database, clock: clock, phase: .results)
            let service = ResultService(database: database, clock: clock.clock)
            let campaign = try await CampaignService(database: database, clock: clock.clock).require("haushalt")
            let greedy = try await service.compute(campaign, rule: .greedyVotes, official: true)
            let mes = try await service.compute(campaign, rule: .mesCost)
            try await service.markOfficial(mes.runs[0].id, by: .commandLine)
            let official = try await ResultRuns.official(campaign: campaign.id, on: database)
            #expect(official.map(\.id) == [mes.runs[0].id])
            #expect(greedy.runs[0].id != mes.runs[0].id)
            await #expect(throws: (any Error).self) {
                try await database.query("UPDATE result_runs SET official = true")
            }
        }
    }
}
