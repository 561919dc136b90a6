import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

@Suite struct SupportRoutesTests {
    /// A campaign in `phase`, one published proposal, and a logged-in verified participant.
    static func setUp(
        _ client: any TestClientProtocol, _ database: Database, clock: ManualClock, phase: PhaseKind = .discussion,
        configure: @escaping (inout CampaignSettings) -> Void = { _ in }
    ) async throws -> (fixtures: VoteFixtures, campaign: CampaignRecord, proposal: Proposal.ID, token: String) {
        let votes = VoteFixtures(database: database, clock: clock.clock)
        let campaign = try await votes.campaign("laerm", phase: phase, kind: .dialogue, configure: configure)
        let proposal = try await votes.proposal(in: campaign)
        let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
        try await accounts.account("Ada")
        return (votes, campaign, proposal, try await accounts.login("Ada"))
    }

    @Test func supportingTwiceKeepsOneSupportAndAnswers200BothTimes() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let (fixtures, _, proposal, token) = try await Self.setUp(client, database, clock: clock)
            for _ in 0..<2 {
                let response = try await client.send(.put, "/v1/proposals/\(proposal)/support", token: token)
                #expect(response.status == .ok)
                #expect(try response.json()["supports"] as? Int == 1)
                #expect(try response.json()["supported"] as? Bool == true)
            }
            #expect(try await fixtures.countersAndTruth(proposal).counters == [1, 0, 0])
            #expect(try await client.send(.delete, "/v1/proposals/\(proposal)/support", token: token).status == .noContent)
            #expect(try await client.send(.delete, "/v1/proposals/\(proposal)/support", token: token).status == .noContent)
            let (counters, truth) = try await fixtures.countersAndTruth(proposal)
            #expect(counters == [0, 0, 0] && truth == [0, 0, 0])
        }
    }

    @Test func supportOutsideItsPhaseIsRefusedNamingThePhase() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let (_, _, proposal, token) = try await Self.setUp(client, database, clock: clock, phase: .voting)
            let response = try await client.send(.put, "/v1/proposals/\(proposal)/support", token: token)
            #expect(response.status == .conflict)
            #expect(try response.problem().detail?.contains("voting phase") == true)
        }
    }

    @Test func onlyPublishedProposalsTakeSupport() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let (fixtures, campaign, _, token) = try await Self.setUp(client, database, clock: clock)
            let pending = try await fixtures.proposal(in: campaign, status: "pending")
            #expect(try await client.send(.put, "/v1/proposals/\(pending)/support", token: token).status == .notFound)
            let withdrawn = try await fixtures.proposal(in: campaign)
            try await database.query("UPDATE proposals SET withdrawn_at = now() WHERE id = \(withdrawn)")
            #expect(try await client.send(.put, "/v1/proposals/\(withdrawn)/support", token: token).status == .conflict)
            #expect(try await client.send(.put, "/v1/proposals/\(UUID())/support", token: token).status == .notFound)
            #expect(try await client.send(.put, "/v1/proposals/\(withdrawn)/support").status == .unauthorized)
        }
    }

    @Test func unverifiedAccountsCannotVote() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let (_, _, proposal, _) = try await Self.setUp(client, database, clock: clock)
            let registration: [String: any Sendable] = [
                "email": "neu@example.org", "password": "a long and unusual passphrase", "displayName": "Neu",
            ]
            #expect(try await client.send(.post, "/v1/accounts", json: registration).status == .accepted)
            let token = try await AccountFixtures(client: client, database: database, clock: clock.clock)
                .login("neu", password: "a long and unusual passphrase")
            #expect(try await client.send(.put, "/v1/proposals/\(proposal)/support", token: token).status == .forbidden)
            let ballot = try await client.send(.put, "/v1/campaigns/laerm/ballots/mitte", json: ["choices": [[String: String]]()], token: token)
            #expect(ballot.status == .forbidden)
        }
    }

    @Test func theSupportLimitIsNamedWhenReached() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let (fixtures, campaign, first, token) = try await Self.setUp(client, database, clock: clock) { $0.supportsPerParticipant = 1 }
            let second = try await fixtures.proposal(in: campaign)
            #expect(try await client.send(.put, "/v1/proposals/\(first)/support", token: token).status == .ok)
            let refused = try await client.send(.put, "/v1/proposals/\(second)/support", token: token)
            #expect(refused.status == .conflict)
            #expect(try refused.problem().detail?.contains("supportsPerParticipant") == true)
            #expect(try await fixtures.countersAndTruth(second).counters == [0, 0, 0])
            // Supporting the same proposal again is still fine at the limit.
            #expect(try await client.send(.put, "/v1/proposals/\(first)/support", token: token).status == .ok)
        }
    }

    @Test func duplicatePutsNeverAnswer5xx() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let (fixtures, _, proposal, token) = try await Self.setUp(client, database, clock: clock)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask { Int(try await client.send(.put, "/v1/proposals/\(proposal)/support", token: token).status.code) }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses)")
            #expect(try await fixtures.countersAndTruth(proposal).truth == [1, 0, 0])
        }
    }

    @Test func ratingsAreChangeableAndCountProAndContraExactly() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let (fixtures, _, proposal, token) = try await Self.setUp(client, database, clock: clock) { $0.ratingsEnabled = true }
            var response = try await client.send(.put, "/v1/proposals/\(proposal)/rating", json: ["value": 1], token: token)
            #expect(response.status == .ok)
            #expect(try response.json()["pro"] as? Int == 1)
            response = try await client.send(.put, "/v1/proposals/\(proposal)/rating", json: ["value": -1], token: token)
            #expect(try response.json()["pro"] as? Int == 0)
            #expect(try response.json()["contra"] as? Int == 1)
            #expect(try response.json()["rating"] as? Int == -1)
            let invalid = try await client.send(.put, "/v1/proposals/\(proposal)/rating", json: ["value": 2], token: token)
            #expect(invalid.status.code >= 400 && invalid.status.code < 500)
            #expect(try await client.send(.delete, "/v1/proposals/\(proposal)/rating", token: token).status == .noContent)
            let (counters, truth) = try await fixtures.countersAndTruth(proposal)
            #expect(counters == truth)
            #expect(counters == [0, 0, 0])
        }
    }

    @Test func ratingsNeedTheSettingAndTheirPhase() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let (_, _, proposal, token) = try await Self.setUp(client, database, clock: clock)
            let off = try await client.send(.put, "/v1/proposals/\(proposal)/rating", json: ["value": 1], token: token)
            #expect(off.status == .conflict)
            #expect(try off.problem().detail?.contains("ratingsEnabled") == true)
        }
    }
}
