import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

@Suite struct ProposalLifecycleTests {
    @Test func theAuthorEditsWhilePendingAndWithdrawsAfterwards() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("hafen", proposalModeration: .pre)
            try await fixtures.accounts.account("Paula")
            try await fixtures.accounts.account("Otto")
            let paula = try await fixtures.accounts.login("Paula")
            let otto = try await fixtures.accounts.login("Otto")
            let created = try await client.send(.post, "/v1/campaigns/hafen/proposals", json: ["title": "Tippfeler"], token: paula)
            let id = try #require(try created.json()["id"] as? String)
            let edited = try await client.send(.patch, "/v1/proposals/\(id)", json: ["title": "Tippfehler", "category": "verkehr"], token: paula)
            #expect(edited.status == .ok, "\(edited.text)")
            #expect(try edited.json()["title"] as? String == "Tippfehler")
            #expect(try edited.json()["category"] as? String == "verkehr")
            // Someone else cannot even see it while it is held.
            #expect(try await client.send(.patch, "/v1/proposals/\(id)", json: ["title": "Mine"], token: otto).status == .notFound)
            #expect(try await client.send(.patch, "/v1/proposals/\(id)", json: ["title": ""], token: paula).status == .unprocessableContent)

            let item = try #require(try await ModerationQueue.open(units: nil, campaign: "hafen", limit: 10, on: database).first)
            _ = try await ModerationService(database: database, clock: clock.clock).decide(
                item.id, DecisionInput(decision: .approve, revision: item.revision), by: .commandLine, account: nil)
            let late = try await client.send(.patch, "/v1/proposals/\(id)", json: ["title": "Noch anders"], token: paula)
            #expect(late.status == .conflict)
            #expect(try await client.send(.patch, "/v1/proposals/\(id)", json: ["title": "Mine"], token: otto).status == .forbidden)
            #expect(try await client.send(.post, "/v1/proposals/\(id)/withdraw", token: otto).status == .forbidden)

            let withdrawn = try await client.send(.post, "/v1/proposals/\(id)/withdraw", token: paula)
            #expect(withdrawn.status == .ok)
            #expect(try withdrawn.json()["withdrawn"] as? Bool == true)
            #expect(try await client.send(.post, "/v1/proposals/\(id)/withdraw", token: paula).status == .conflict)
            #expect(try await client.send(.get, "/v1/campaigns/hafen/proposals").json()["total"] as? Int == 0)
            #expect(try await client.send(.get, "/v1/proposals/\(id)").status == .ok)
        }
    }

    @Test func staffEnterAProposalReceivedOnPaperInAnyPhase() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("debatte", phase: .discussion)
            let clerk = try await fixtures.accounts.account("Klara")
            try await fixtures.accounts.member(clerk, of: "unit-a", as: .manager)
            try await fixtures.accounts.account("Paula")
            let entered = try await client.send(
                .post, "/v1/campaigns/debatte/proposals",
                json: ["title": "Brief von Frau M.", "channel": "paper"], token: try await fixtures.accounts.login("Klara"))
            #expect(entered.status == .created, "\(entered.text)")
            #expect(try entered.json()["channel"] as? String == "paper")
            #expect(try entered.json()["author"] == nil)
            #expect(try entered.json()["moderationStatus"] as? String == "published")
            let refused = try await client.send(
                .post, "/v1/campaigns/debatte/proposals",
                json: ["title": "Angeblich per Post", "channel": "phone"], token: try await fixtures.accounts.login("Paula"))
            #expect(refused.status == .forbidden)
            let audit = try await database.query("SELECT action, reason FROM audit_events WHERE action = 'proposal.enter-on-behalf'")
                .map { try $0.decode((String, String?).self) }
            #expect(audit.map(\.1) == ["received by paper"])
        }
    }

    @Test func anOfficialOfTheResponsibleUnitRespondsAndTheHistoryIsPublic() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz")
            let author = try await fixtures.accounts.account("Paula")
            let olga = try await fixtures.accounts.account("Olga")
            try await fixtures.accounts.member(olga, of: "unit-a", as: .official)
            let other = try await fixtures.accounts.account("Boris")
            try await fixtures.accounts.member(other, of: "unit-b", as: .official)
            let proposal = try await fixtures.proposal("Mehr Bäume", in: "domplatz", by: author)
            let official = try await fixtures.accounts.login("Olga")
            let path = "/v1/proposals/\(proposal.id)/response"
            #expect(
                try await client.send(
                    .put, path, json: ["status": "under_review", "text": "Wir prüfen."], token: try await fixtures.accounts.login("Paula")
                ).status == .forbidden)
            #expect(
                try await client.send(.put, path, json: ["status": "accepted", "text": "Ja."], token: try await fixtures.accounts.login("Boris"))
                    .status == .forbidden)
            let empty = try await client.send(.put, path, json: ["status": "accepted", "text": "  "], token: official)
            #expect(try empty.problem().errors?.map(\.field) == ["text"])
            #expect(try await client.send(.put, path, json: ["status": "under_review", "text": "Wir prüfen."], token: official).status == .ok)
            clock.advance(by: 600)
            let accepted = try await client.send(.put, path, json: ["status": "accepted", "text": "Wird 2027 gepflanzt."], token: official)
            #expect(accepted.status == .ok)
            let shown = try await client.send(.get, "/v1/proposals/\(proposal.id)")
            #expect(try shown.json()["lifecycleStatus"] as? String == "accepted")
            let history = try #require(try shown.json()["responses"] as? [[String: Any]])
            #expect(history.map { $0["status"] as? String } == ["under_review", "accepted"])
            #expect(history.last?["unit"] as? String == "unit-a")
            let filtered = try await client.send(.get, "/v1/campaigns/domplatz/proposals?status=accepted")
            #expect(try filtered.json()["total"] as? Int == 1)
            let audit = try await database.query("SELECT count(*)::int FROM audit_events WHERE action = 'proposal.respond'")[0].decode(Int.self)
            #expect(audit == 2)
        }
    }
}
