import Foundation
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// Concurrent votes go through the services from a task group over a pool of several
/// connections: the HTTP test client would send them one after another. Serialised so the
/// suite's pools do not crowd out the connections other suites need.
@Suite(.serialized) struct VoteConcurrencyTests {
    static func withPool<Result: Sendable>(_ body: @escaping @Sendable (Database, ManualClock) async throws -> Result) async throws -> Result {
        try await withTestDatabase { url, _ in
            try await TestDatabases.withClient(url, poolSize: 10) { database in try await body(database, ManualClock()) }
        }
    }

    @Test func fiftySimultaneousIdenticalSupportsMakeOneSupportAndNoError() async throws {
        try await Self.withPool { database, clock in
            let fixtures = VoteFixtures(database: database, clock: clock.clock)
            let campaign = try await fixtures.campaign("laerm", phase: .proposals, kind: .dialogue) { $0.supportsPerParticipant = 3 }
            let proposal = try await fixtures.proposal(in: campaign)
            let account = try await fixtures.participants(1)[0]
            let service = VoteService(database: database, clock: clock.clock)
            let failures = await withTaskGroup(of: String?.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        do { _ = try await service.support(proposal, by: account); return nil } catch { return "\(error)" }
                    }
                }
                return await group.reduce(into: [String]()) { if let failure = $1 { $0.append(failure) } }
            }
            #expect(failures.isEmpty, "\(failures)")
            let (counters, truth) = try await fixtures.countersAndTruth(proposal)
            #expect(truth == [1, 0, 0])
            #expect(counters == truth)
        }
    }

    @Test func theSupportLimitHoldsUnderConcurrency() async throws {
        try await Self.withPool { database, clock in
            let fixtures = VoteFixtures(database: database, clock: clock.clock)
            let campaign = try await fixtures.campaign("laerm", phase: .proposals, kind: .dialogue) { $0.supportsPerParticipant = 3 }
            var proposals: [Proposal.ID] = []
            for _ in 0..<12 { proposals.append(try await fixtures.proposal(in: campaign)) }
            let account = try await fixtures.participants(1)[0]
            let service = VoteService(database: database, clock: clock.clock)
            let outcomes = await withTaskGroup(of: String.self) { group in
                for proposal in proposals {
                    group.addTask {
                        do { _ = try await service.support(proposal, by: account); return "ok" } catch ServiceError.conflict(.limitReached, _) {
                            return "support-limit"
                        } catch { return "\(error)" }
                    }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "ok" }.count == 3)
            #expect(outcomes.filter { $0 == "support-limit" }.count == 9, "\(outcomes)")
            #expect(try await database.query("SELECT count(*)::int FROM supports")[0].decode(Int.self) == 3)
            #expect(try await database.query("SELECT sum(supports)::int FROM proposal_counters")[0].decode(Int.self) == 3)
        }
    }

    @Test func twoSimultaneousBallotReplacementsLeaveOneValidBallot() async throws {
        try await Self.withPool { database, clock in
            let fixtures = VoteFixtures(database: database, clock: clock.clock)
            let campaign = try await fixtures.campaign("haushalt", phase: .voting) { $0.ballot = BallotRules(method: .approval, maxChoices: 3) }
            var proposals: [Proposal.ID] = []
            for index in 0..<6 {
                proposals.append(try await fixtures.proposal(in: campaign, area: "mitte", costCents: 1_000, reference: "P\(index)"))
            }
            let account = try await fixtures.participants(1)[0]
            let service = BallotService(database: database, clock: clock.clock)
            let sets = [Array(proposals[0..<3]), Array(proposals[3..<6])]
            for _ in 0..<10 {
                let failures = await withTaskGroup(of: String?.self) { group in
                    for set in sets {
                        group.addTask {
                            do {
                                _ = try await service.submit(
                                    campaign: "haushalt", area: "mitte",
                                    choices: set.map { BallotChoice(proposalID: $0) }, by: account)
                                return nil
                            } catch { return "\(error)" }
                        }
                    }
                    return await group.reduce(into: [String]()) { if let failure = $1 { $0.append(failure) } }
                }
                #expect(failures.isEmpty, "\(failures)")
                #expect(try await database.query("SELECT count(*)::int FROM ballots")[0].decode(Int.self) == 1)
                let stored = try await database.query("SELECT proposal_id FROM ballot_choices").map { try $0.decode(Proposal.ID.self) }
                #expect(sets.contains { Set($0) == Set(stored) && stored.count == 3 }, "a mix of both sets: \(stored)")
            }
        }
    }

    @Test func countersEqualTheTruthAfterAConcurrentBurst() async throws {
        try await Self.withPool { database, clock in
            let fixtures = VoteFixtures(database: database, clock: clock.clock)
            let campaign = try await fixtures.campaign("laerm", phase: .discussion, kind: .dialogue) { $0.ratingsEnabled = true }
            var proposals: [Proposal.ID] = []
            for _ in 0..<3 { proposals.append(try await fixtures.proposal(in: campaign)) }
            let accounts = try await fixtures.participants(40)
            let service = VoteService(database: database, clock: clock.clock)
            let failures = await withTaskGroup(of: String?.self) { group in
                for (index, account) in accounts.enumerated() {
                    for (offset, proposal) in proposals.enumerated() {
                        group.addTask {
                            do {
                                // Each account supports, rates, changes its mind and sometimes takes it back.
                                _ = try await service.support(proposal, by: account)
                                _ = try await service.rate(proposal, value: (index + offset) % 2 == 0 ? 1 : -1, by: account)
                                if index % 3 == 0 { try await service.unsupport(proposal, by: account) }
                                if index % 4 == 0 { _ = try await service.rate(proposal, value: -1, by: account) }
                                if index % 5 == 0 { try await service.unrate(proposal, by: account) }
                                _ = try await service.support(proposal, by: account)
                                return nil
                            } catch { return "\(error)" }
                        }
                    }
                }
                return await group.reduce(into: [String]()) { if let failure = $1 { $0.append(failure) } }
            }
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            for proposal in proposals {
                let (counters, truth) = try await fixtures.countersAndTruth(proposal)
                #expect(counters == truth)
                #expect(truth[0] == 40)
            }
            // The participants' tallies (which the support limit is decided on) follow the rows too.
            let drift = try await database.query(
                """
                SELECT count(*)::int FROM participant_tallies t
                FULL JOIN (SELECT campaign_id, account_id, count(*)::int AS n FROM supports GROUP BY 1, 2) s
                  ON s.campaign_id = t.campaign_id AND s.account_id = t.account_id
                WHERE coalesce(t.supports, 0) <> coalesce(s.n, 0)
                """)[0].decode(Int.self)
            #expect(drift == 0)
        }
    }
}
