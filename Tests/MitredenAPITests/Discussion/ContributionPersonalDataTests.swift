import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

@Suite struct ContributionPersonalDataTests {
    @Test func theExportHoldsTheContributionsAndErasureKeepsThemAnonymously() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz", proposalModeration: .pre)
            let author = try await fixtures.accounts.account("KlaraUnique")
            let other = try await fixtures.accounts.account("Otto")
            let moderator = try await fixtures.accounts.account("Moritz")
            try await fixtures.accounts.member(moderator, of: "unit-a", as: .moderator)
            let theirs = try await fixtures.proposal("Ottos Idee", in: "domplatz", by: other)
            let item = try #require(try await ModerationQueue.openItem(about: theirs.id.uuid, on: database))
            // The author learns of decisions by mail; that mail names the author and must go on erasure too.
            _ = try await ModerationService(database: database, clock: clock.clock).decide(
                item.id, DecisionInput(decision: .approve), by: .commandLine, account: nil)
            let mine = try await fixtures.proposal("Klaras Brunnen", in: "domplatz", by: author)
            let mineItem = try #require(try await ModerationQueue.openItem(about: mine.id.uuid, on: database))
            _ = try await ModerationService(database: database, clock: clock.clock).decide(
                mineItem.id, DecisionInput(decision: .approve), by: .commandLine, account: nil)
            _ = try await fixtures.comment("Sehr schön", on: theirs.id, by: author)
            try await FlagService(database: database, clock: clock.clock).flag(
                .proposal(theirs.id), reason: .spam, note: nil, by: try await fixtures.record(author))
            let token = try await fixtures.accounts.login("KlaraUnique")

            let export = try await client.send(.get, "/v1/me/export", token: token).json()
            let contributions = try #require(export["contributions"] as? [[String: Any]])
            #expect(contributions.compactMap { $0["kind"] as? String }.sorted() == ["comment", "proposal"])
            #expect(contributions.contains { $0["title"] as? String == "Klaras Brunnen" })
            #expect((export["flags"] as? [[String: Any]])?.first?["reason"] as? String == "spam")

            #expect(try await client.send(.delete, "/v1/me", json: ["password": AccountFixtures.password], token: token).status == .noContent)
            #expect(
                try await PersonalDataTests.occurrences(of: ["klarauniqu@example.org", "klaraunique@example.org", "KlaraUnique"], in: database) == 0)
            let shown = try await client.send(.get, "/v1/proposals/\(mine.id)")
            #expect(shown.status == .ok)
            #expect(try shown.json()["author"] == nil)
            let comments = try await client.send(.get, "/v1/proposals/\(theirs.id)/comments").items()
            #expect(comments.first?["body"] as? String == "Sehr schön")
            #expect(comments.first?["author"] == nil)
        }
    }
}
