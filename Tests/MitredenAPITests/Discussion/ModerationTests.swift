import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

@Suite struct ModerationTests {
    @Test func concurrentClaimsByTwoModeratorsAreDisjoint() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("hafen", proposalModeration: .pre)
            let author = try await fixtures.accounts.account("Paula")
            let first = try await fixtures.accounts.account("Moritz")
            let second = try await fixtures.accounts.account("Mia")
            for moderator in [first, second] { try await fixtures.accounts.member(moderator, of: "unit-a", as: .moderator) }
            let moderators = [try await fixtures.record(first), try await fixtures.record(second)]
            let service = ModerationService(database: database, clock: clock.clock)
            for round in 0..<25 {
                for index in 0..<6 { _ = try await fixtures.proposal("Runde \(round) Nr. \(index)", in: "hafen", by: author) }
                let claims = try await withThrowingTaskGroup(of: [ModerationItem.ID].self) { group in
                    for moderator in moderators {
                        group.addTask { try await service.claim(for: moderator, limit: 4).map(\.id) }
                    }
                    return try await group.reduce(into: [[ModerationItem.ID]]()) { $0.append($1) }
                }
                #expect(Set(claims[0]).isDisjoint(with: claims[1]), "round \(round): \(claims)")
                #expect(claims[0].count + claims[1].count == 6, "round \(round)")
                // Clear the round: decide everything so the next round starts with an empty queue.
                for id in claims.flatMap({ $0 }) {
                    _ = try await service.decide(id, DecisionInput(decision: .approve), by: .commandLine, account: nil)
                }
            }
        }
    }

    @Test func aLeaseKeepsAnItemFromOthersUntilItExpires() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("hafen", proposalModeration: .pre)
            let author = try await fixtures.accounts.account("Paula")
            let first = try await fixtures.accounts.account("Moritz")
            try await fixtures.accounts.member(first, of: "unit-a", as: .moderator)
            let second = try await fixtures.accounts.account("Mia")
            try await fixtures.accounts.member(second, of: "unit-a", as: .moderator)
            _ = try await fixtures.proposal("Eins", in: "hafen", by: author)
            let token = try await fixtures.accounts.login("Moritz")
            let claimed = try await client.send(.post, "/v1/moderation/claims", json: ["limit": 5], token: token)
            #expect(claimed.status == .ok, "\(claimed.text)")
            let item = try #require(try claimed.items().first)
            let lease = try #require(item["leaseUntil"] as? String)
            #expect(lease.hasPrefix("2027-01-15T08:10"))
            let other = try await fixtures.accounts.login("Mia")
            #expect(try await client.send(.post, "/v1/moderation/claims", json: ["limit": 5], token: other).items().isEmpty)
            clock.advance(by: 601)
            #expect(try await client.send(.post, "/v1/moderation/claims", json: ["limit": 5, "leaseSeconds": 60], token: other).items().count == 1)
            let bad = try await client.send(.post, "/v1/moderation/claims", json: ["limit": 0], token: other)
            #expect(try bad.problem().errors?.map(\.field) == ["limit"])
        }
    }

    @Test func anUnknownDecisionIsRefusedNamingTheFieldAndNeverApproves() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("hafen", proposalModeration: .pre)
            let author = try await fixtures.accounts.account("Paula")
            let moderator = try await fixtures.accounts.account("Moritz")
            try await fixtures.accounts.member(moderator, of: "unit-a", as: .moderator)
            _ = try await fixtures.proposal("Hafenfest", in: "hafen", by: author)
            let token = try await fixtures.accounts.login("Moritz")
            let itemID = try #require(try await client.send(.get, "/v1/moderation/items", token: token).items().first?["id"] as? String)
            for value in ["ban", "approved", "APPROVE", ""] {
                let refused = try await client.send(.post, "/v1/moderation/items/\(itemID)/decision", json: ["decision": value], token: token)
                #expect((400..<500).contains(refused.status.code), "\(value): \(refused.status)")
                #expect(try refused.problem().errors?.map(\.field) == ["decision"], "\(value)")
                #expect(try refused.problem().errors?.first?.message.hasPrefix("must be one of approve, reject, dismiss_flags, merge") == true)
            }
            // Nothing was decided: the item still waits and the proposal is not public.
            #expect(try await client.send(.get, "/v1/moderation/items", token: token).items().map { $0["id"] as? String } == [itemID])
            #expect(try await client.send(.get, "/v1/campaigns/hafen/proposals").json()["total"] as? Int == 0)
            #expect(try await database.query("SELECT count(*)::int FROM moderation_decisions")[0].decode(Int.self) == 0)
        }
    }

    @Test func decisionsAreAuditedToldToTheAuthorAndCanBeReversed() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("hafen", proposalModeration: .pre)
            let author = try await fixtures.accounts.account("Paula")
            let moderator = try await fixtures.accounts.account("Moritz")
            try await fixtures.accounts.member(moderator, of: "unit-a", as: .moderator)
            let proposal = try await fixtures.proposal("Hafenfest", in: "hafen", by: author)
            let token = try await fixtures.accounts.login("Moritz")
            let queue = try await client.send(.get, "/v1/moderation/items?campaign=hafen", token: token)
            let itemID = try #require(try queue.items().first?["id"] as? String)
            #expect(try queue.items().first?["targetId"] as? String == proposal.id.uuidString.lowercased())
            // The moderator sees what to judge without a second request.
            #expect((try queue.items().first?["excerpt"] as? String)?.hasPrefix("Hafenfest") == true)
            #expect(try queue.items().first?["proposalTitle"] as? String == "Hafenfest")
            #expect(try queue.items().first?["openFlags"] as? Int == 0)
            let path = "/v1/moderation/items/\(itemID)/decision"
            let noReason = try await client.send(.post, path, json: ["decision": "reject"], token: token)
            #expect(try noReason.problem().errors?.map(\.field) == ["reasonCode"])
            clock.advance(by: 120)
            let rejected = try await client.send(
                .post, path, json: ["decision": "reject", "reasonCode": "off_topic", "note": "Gehört nicht hierher"], token: token)
            #expect(rejected.status == .ok, "\(rejected.text)")
            #expect(try rejected.json()["decision"] as? String == "reject")
            #expect(try await client.send(.get, "/v1/moderation/items", token: token).items().isEmpty)
            clock.advance(by: 60)
            let approved = try await client.send(.post, path, json: ["decision": "approve", "note": "Doch passend"], token: token)
            #expect(approved.status == .ok)
            #expect(try await client.send(.get, "/v1/campaigns/hafen/proposals").json()["total"] as? Int == 1)
            let mails = try await Outbox.all(to: "paula@example.org", on: database)
            #expect(mails.count == 2)
            // German, the author's language; the reason in words, not its code.
            #expect(mails.first?.body.contains("Grund: gehört nicht zum Thema") == true)
            #expect(mails.first?.body.contains("Gehört nicht hierher") == true)
            #expect(mails.last?.subject.contains("veröffentlicht") == true)
            let audit = try await database.query(
                """
                SELECT action, actor_label, reason FROM audit_events WHERE action LIKE 'moderation.%' ORDER BY id
                """
            ).map { try $0.decode((String, String, String?).self) }
            #expect(audit.map(\.0) == ["moderation.reject", "moderation.approve"])
            #expect(audit.first?.2 == "off_topic: Gehört nicht hierher")

            let stats = try await client.send(.get, "/v1/moderation/stats?campaign=hafen&days=7", token: token)
            #expect(stats.status == .ok, "\(stats.text)")
            let figures = try stats.json()
            #expect(figures["pending"] as? Int == 0)
            #expect(figures["decided"] as? Int == 1)
            #expect(figures["medianSeconds"] as? Double == 120)
            let byReason = try #require(figures["decisions"] as? [[String: Any]])
            #expect(byReason.count == 2)
        }
    }

    @Test func aDuplicateIsMergedKeptVisibleWithALinkAndItsAuthorIsTold() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz", settings: { $0.flagsBeforeHide = 5 })
            let author = try await fixtures.accounts.account("Paula")
            let other = try await fixtures.accounts.account("Otto")
            let moderator = try await fixtures.accounts.account("Moritz")
            try await fixtures.accounts.member(moderator, of: "unit-a", as: .moderator)
            let original = try await fixtures.proposal("Mehr Bäume", in: "domplatz", by: other)
            let duplicate = try await fixtures.proposal("Bäume pflanzen", in: "domplatz", by: author)
            try await FlagService(database: database, clock: clock.clock).flag(
                .proposal(duplicate.id), reason: .other, note: "Doppelt", by: try await fixtures.record(other))
            let token = try await fixtures.accounts.login("Moritz")
            let itemID = try #require(try await client.send(.get, "/v1/moderation/items", token: token).items().first?["id"] as? String)
            let path = "/v1/moderation/items/\(itemID)/decision"
            let missing = try await client.send(.post, path, json: ["decision": "merge"], token: token)
            #expect(try missing.problem().errors?.map(\.field) == ["mergeInto"])
            let itself = try await client.send(.post, path, json: ["decision": "merge", "mergeInto": duplicate.id.uuidString], token: token)
            #expect(try itself.problem().errors?.map(\.field) == ["mergeInto"])
            let merged = try await client.send(
                .post, path, json: ["decision": "merge", "mergeInto": original.id.uuidString, "reasonCode": "duplicate"], token: token)
            #expect(merged.status == .ok, "\(merged.text)")
            let shown = try await client.send(.get, "/v1/proposals/\(duplicate.id)")
            #expect(shown.status == .ok)
            #expect(try shown.json()["mergedInto"] as? String == original.id.uuidString.lowercased())
            let mail = try #require(try await Outbox.all(to: "paula@example.org", on: database).last)
            #expect(mail.body.contains(original.id.uuidString.lowercased()))
            let audit = try await database.query("SELECT count(*)::int FROM audit_events WHERE action = 'moderation.merge'")[0].decode(Int.self)
            #expect(audit == 1)
        }
    }
}
