import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// Votes in the personal-data export; erasure keeps the votes of closed phases counted but
/// unlinkable, and withdraws those where voting is still open.
@Suite struct VotePersonalDataTests {
    @Test func votesAreExportedAndSurviveErasureAfterTheirPhaseUnlinked() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = VoteFixtures(database: database, clock: clock.clock)
            let dialogue = try await fixtures.campaign("laerm", phase: .discussion, kind: .dialogue) { $0.ratingsEnabled = true }
            let idea = try await fixtures.proposal(in: dialogue)
            let budget = try await fixtures.campaign("haushalt", phase: .voting) { $0.ballot = BallotRules(method: .approval) }
            let park = try await fixtures.proposal(in: budget, area: "mitte", costCents: 500, reference: "park")
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            let id = try await accounts.account("Vera")
            let token = try await accounts.login("Vera")
            #expect(try await client.send(.put, "/v1/proposals/\(idea)/support", token: token).status == .ok)
            #expect(try await client.send(.put, "/v1/proposals/\(idea)/rating", json: ["value": -1], token: token).status == .ok)
            let ballot: [String: any Sendable] = ["choices": [["proposalId": park.uuidString] as [String: any Sendable]]]
            #expect(try await client.send(.put, "/v1/campaigns/haushalt/ballots/mitte", json: ballot, token: token).status == .ok)

            let export = try await client.send(.get, "/v1/me/export", token: token)
            #expect(export.status == .ok)
            let body = try export.json()
            #expect((body["supports"] as? [[String: Any]])?.first?["proposalId"] as? String == idea.uuidString.lowercased())
            #expect((body["ratings"] as? [[String: Any]])?.first?["value"] as? Int == -1)
            let ballots = body["ballots"] as? [[String: Any]]
            #expect(ballots?.first?["area"] as? String == "mitte")
            #expect((ballots?.first?["choices"] as? [Any])?.count == 1)

            // A day later discussion and voting have ended: the votes are final.
            clock.advance(by: 86_400)
            let later = try await accounts.login("Vera")
            #expect(try await client.send(.delete, "/v1/me", json: ["password": AccountFixtures.password], token: later).status == .noContent)
            for table in ["supports", "ratings", "ballots"] {
                let (total, theirs) = try await database.query(
                    """
                    SELECT count(*)::int, count(*) FILTER (WHERE account_id = \(id))::int FROM \(unescaped: table)
                    """)[0].decode((Int, Int).self)
                #expect(total == 1, "\(table) keeps the vote")
                #expect(theirs == 0, "\(table) no longer names the erased account")
            }
            let holders = try await database.query(
                """
                SELECT DISTINCT a.status FROM accounts a WHERE a.id IN (SELECT account_id FROM supports UNION SELECT account_id FROM ratings
                    UNION SELECT account_id FROM ballots)
                """
            ).map { try $0.decode(String.self) }
            #expect(holders == ["erased"])
            let (counters, truth) = try await fixtures.countersAndTruth(idea)
            #expect(counters == [1, 0, 1] && counters == truth)
        }
    }

    @Test func eraseAndRegisterAgainDuringVotingLeavesOneCountedBallot() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = VoteFixtures(database: database, clock: clock.clock)
            let budget = try await fixtures.campaign("haushalt", phase: .voting) { $0.ballot = BallotRules(method: .approval) }
            let park = try await fixtures.proposal(in: budget, area: "mitte", costCents: 500, reference: "park")
            let dialogue = try await fixtures.campaign("laerm", phase: .discussion, kind: .dialogue)
            let idea = try await fixtures.proposal(in: dialogue)
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            let ballot: [String: any Sendable] = ["choices": [["proposalId": park.description] as [String: any Sendable]]]
            for round in 0..<2 {
                // The same person: the same address, registered again after erasure.
                try await accounts.account("Vera")
                let token = try await accounts.login("Vera")
                #expect(try await client.send(.put, "/v1/campaigns/haushalt/ballots/mitte", json: ballot, token: token).status == .ok)
                #expect(try await client.send(.put, "/v1/proposals/\(idea)/support", token: token).status == .ok)
                if round == 0 {
                    #expect(try await client.send(.delete, "/v1/me", json: ["password": AccountFixtures.password], token: token).status == .noContent)
                }
            }
            #expect(try await database.query("SELECT count(*)::int FROM ballots")[0].decode(Int.self) == 1)
            #expect(try await database.query("SELECT count(*)::int FROM supports")[0].decode(Int.self) == 1)
            let (counters, truth) = try await fixtures.countersAndTruth(idea)
            #expect(counters == [1, 0, 0] && counters == truth)
        }
    }
}
