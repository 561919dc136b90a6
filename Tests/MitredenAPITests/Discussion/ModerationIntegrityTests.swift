import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// Pre-moderation that cannot be bypassed: a decision is bound to the text the moderator
/// saw, and a claimed item is its holder's to decide.
@Suite struct ModerationIntegrityTests {
    struct Setup {
        var proposal: ProposalRecord
        var author: String
        var moderator: String
        var itemID: String
    }

    static func setUp(_ client: any TestClientProtocol, _ database: Database, clock: ManualClock) async throws -> Setup {
        let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
        try await fixtures.campaign("hafen", proposalModeration: .pre)
        let author = try await fixtures.accounts.account("Paula")
        for name in ["Moritz", "Mia"] {
            try await fixtures.accounts.member(try await fixtures.accounts.account(name), of: "unit-a", as: .moderator)
        }
        let proposal = try await fixtures.proposal("Hafenfest", in: "hafen", by: author, body: "Ein Fest für alle.")
        let moderator = try await fixtures.accounts.login("Moritz")
        let claimed = try await client.send(.post, "/v1/moderation/claims", json: ["limit": 5], token: moderator)
        let item = try #require(try claimed.items().first)
        #expect(item["revision"] as? Int == 0)
        return Setup(
            proposal: proposal, author: try await fixtures.accounts.login("Paula"), moderator: moderator,
            itemID: try #require(item["id"] as? String))
    }

    @Test func anEditAfterTheClaimCannotBePublishedUnseen() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock)
            // The moderator read the harmless text; the author swaps it before the decision.
            let edit = try await client.send(
                .patch, "/v1/proposals/\(setup.proposal.id)", json: ["body": "Werbung: kauft bei mir!"], token: setup.author)
            #expect(edit.status == .ok)
            let decision = "/v1/moderation/items/\(setup.itemID)/decision"
            let stale = try await client.send(.post, decision, json: ["decision": "approve"], token: setup.moderator)
            #expect(stale.status == .conflict)
            let staleByRevision = try await client.send(.post, decision, json: ["decision": "approve", "revision": 0], token: setup.moderator)
            #expect(staleByRevision.status == .conflict)
            #expect(try await client.send(.get, "/v1/campaigns/hafen/proposals").json()["total"] as? Int == 0)
            // Judged on the new text, the decision goes through.
            let queue = try await client.send(.get, "/v1/moderation/items", token: setup.moderator).items()
            #expect(queue.first?["revision"] as? Int == 1)
            #expect((queue.first?["excerpt"] as? String)?.contains("Werbung") == true)
            let current = try await client.send(
                .post, decision, json: ["decision": "reject", "reasonCode": "spam", "revision": 1], token: setup.moderator)
            #expect(current.status == .ok)
        }
    }

    @Test func onlyPendingProposalsCanBeEdited() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock)
            let decided = try await client.send(
                .post, "/v1/moderation/items/\(setup.itemID)/decision", json: ["decision": "approve", "revision": 0], token: setup.moderator)
            #expect(decided.status == .ok)
            let edit = try await client.send(.patch, "/v1/proposals/\(setup.proposal.id)", json: ["body": "Nachträglich"], token: setup.author)
            #expect(edit.status == .conflict)
            #expect(try await client.send(.get, "/v1/proposals/\(setup.proposal.id)").json()["body"] as? String == "Ein Fest für alle.")
        }
    }

    @Test func aClaimedItemIsItsHoldersToDecideUntilTheLeaseEnds() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock)
            let other = try await AccountFixtures(client: client, database: database, clock: clock.clock).login("Mia")
            let decision = "/v1/moderation/items/\(setup.itemID)/decision"
            #expect(try await client.send(.post, decision, json: ["decision": "approve", "revision": 0], token: other).status == .conflict)
            clock.advance(by: ModerationService.defaultLease + 1)
            #expect(try await client.send(.post, decision, json: ["decision": "approve", "revision": 0], token: other).status == .ok)
        }
    }
}
