import Foundation
import HTTPTypes
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// `GET /v1/me/proposals`, `…/comments`, `…/ballots`, `…/supports`: the caller's own
/// activity, newest first, keyset-paged; and `mine` on the proposals a signed-in caller reads.
@Suite struct MyActivityRoutesTests {
    /// Every page of a `/v1/me` list, following `nextCursor`, `limit` items at a time.
    static func allPages(_ client: any TestClientProtocol, _ path: String, token: String, limit: Int) async throws -> [[[String: Any]]] {
        var pages: [[[String: Any]]] = []
        var cursor: String?
        repeat {
            let query = cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } ?? ""
            let response = try await client.send(.get, "\(path)?limit=\(limit)\(query)", token: token)
            #expect(response.status == .ok, "\(path): \(response.text)")
            pages.append(try response.items())
            cursor = try response.json()["nextCursor"] as? String
        } while cursor != nil && pages.count < 20
        return pages
    }

    @Test func myProposalsListEveryStatusNewestFirstInPages() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz", proposalModeration: .pre)
            let ada = try await fixtures.accounts.account("Ada")
            let bob = try await fixtures.accounts.account("Bob")
            var mine: [Proposal.ID] = []
            for title in ["Bänke", "Brunnen", "Bäume", "Beleuchtung"] {
                mine.append(try await fixtures.proposal(title, in: "domplatz", by: ada).id)
                clock.advance(by: 60)
            }
            _ = try await fixtures.proposal("Not Ada's", in: "domplatz", by: bob)
            try await database.query("UPDATE proposals SET moderation_status = 'rejected' WHERE id = \(mine[0])")
            try await database.query("UPDATE proposals SET moderation_status = 'published', published_at = now() WHERE id = \(mine[1])")
            try await database.query("UPDATE proposals SET withdrawn_at = now() WHERE id = \(mine[2])")
            let token = try await fixtures.accounts.login("Ada")

            let pages = try await Self.allPages(client, "/v1/me/proposals", token: token, limit: 3)
            #expect(pages.map(\.count) == [3, 1])
            let items = pages.flatMap { $0 }
            #expect(items.compactMap { $0["id"] as? String } == mine.reversed().map { $0.uuidString.lowercased() })
            #expect(items.compactMap { $0["moderationStatus"] as? String } == ["pending", "pending", "published", "rejected"])
            #expect(items.compactMap { $0["withdrawn"] as? Bool } == [false, true, false, false])
            #expect(items.allSatisfy { $0["campaign"] as? String == "domplatz" && $0["author"] as? String == "Ada" })
            // Each carries what Ada holds on it, and the counts.
            #expect(items.allSatisfy { ($0["mine"] as? [String: Any])?["supported"] as? Bool == false && $0["pro"] as? Int == 0 })
        }
    }

    @Test func myCommentsIncludeHeldOnesWithTheirProposal() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz", phase: .discussion, commentModeration: .pre)
            let ada = try await fixtures.accounts.account("Ada")
            let bob = try await fixtures.accounts.account("Bob")
            let staff = try await fixtures.accounts.account("Clara")
            try await fixtures.accounts.member(staff, of: "unit-a", as: .manager)
            // Staff enter the proposal (the proposals phase is over): published at once.
            let proposal = try await ProposalService(database: database, clock: clock.clock)
                .create(in: "domplatz", ProposalInput(title: "Mehr Bänke"), by: try await fixtures.record(staff), channel: .paper)
            let first = try await fixtures.comment("Gute Idee", on: proposal.id, by: ada)
            clock.advance(by: 60)
            _ = try await fixtures.comment("Bob's", on: proposal.id, by: bob)
            let reply = try await fixtures.comment("Mit Lehnen bitte", on: proposal.id, by: ada, parent: first.record.id)
            try await database.query("UPDATE comments SET moderation_status = 'rejected' WHERE id = \(first.record.id)")
            let token = try await fixtures.accounts.login("Ada")

            let pages = try await Self.allPages(client, "/v1/me/comments", token: token, limit: 1)
            #expect(pages.map(\.count) == [1, 1])
            let items = pages.flatMap { $0 }
            #expect(items.compactMap { $0["id"] as? String } == [reply.record.id, first.record.id].map { $0.uuidString.lowercased() })
            #expect(items.compactMap { $0["moderationStatus"] as? String } == ["pending", "rejected"])
            #expect(items.compactMap { $0["body"] as? String } == ["Mit Lehnen bitte", "Gute Idee"])
            #expect(items[0]["parentId"] as? String == first.record.id.uuidString.lowercased())
            #expect(items.allSatisfy { $0["proposalTitle"] as? String == "Mehr Bänke" && $0["campaign"] as? String == "domplatz" })
            #expect(items.allSatisfy { $0["proposalId"] as? String == proposal.id.uuidString.lowercased() })
            // Once the proposal is taken down, its title is no longer shown to a commenter who did not write it.
            try await database.query("UPDATE proposals SET moderation_status = 'rejected' WHERE id = \(proposal.id)")
            let after = try await client.send(.get, "/v1/me/comments", token: token).items()
            #expect(after.count == 2 && after.allSatisfy { $0["proposalTitle"] == nil })
        }
    }

    @Test func myBallotsShowWhatWasChosenPerArea() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let votes = VoteFixtures(database: database, clock: clock.clock)
            let campaign = try await votes.campaign("haushalt", phase: .voting, areas: [("mitte", 100_000), ("nord", 50_000)])
            let bank = try await votes.proposal(in: campaign, area: "mitte", costCents: 40_000, title: "Bank")
            let brunnen = try await votes.proposal(in: campaign, area: "mitte", costCents: 50_000, title: "Brunnen")
            let baum = try await votes.proposal(in: campaign, area: "nord", costCents: 30_000, title: "Baum")
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await accounts.account("Ada")
            try await accounts.account("Bob")
            let ada = try await accounts.login("Ada")
            let bob = try await accounts.login("Bob")
            func choose(_ ids: [Proposal.ID]) -> [String: any Sendable] {
                ["choices": ids.map { ["proposalId": $0.uuidString] as [String: any Sendable] }]
            }
            #expect(try await client.send(.put, "/v1/campaigns/haushalt/ballots/mitte", json: choose([bank, brunnen]), token: ada).status == .ok)
            clock.advance(by: 60)
            #expect(try await client.send(.put, "/v1/campaigns/haushalt/ballots/nord", json: choose([baum]), token: ada).status == .ok)
            #expect(try await client.send(.put, "/v1/campaigns/haushalt/ballots/mitte", json: choose([bank]), token: bob).status == .ok)

            let pages = try await Self.allPages(client, "/v1/me/ballots", token: ada, limit: 1)
            #expect(pages.map(\.count) == [1, 1])
            let items = pages.flatMap { $0 }
            #expect(items.compactMap { $0["area"] as? String } == ["nord", "mitte"])
            #expect(items.allSatisfy { $0["campaign"] as? String == "haushalt" })
            #expect(items.compactMap { $0["totalCostCents"] as? Int } == [30_000, 90_000])
            let mitte = try #require(items.last?["choices"] as? [[String: Any]])
            #expect(mitte.compactMap { $0["proposalId"] as? String } == [bank, brunnen].map { $0.uuidString.lowercased() })
            #expect(mitte.compactMap { $0["title"] as? String } == ["Bank", "Brunnen"])
            #expect(mitte.allSatisfy { $0["points"] == nil })
            // A replaced ballot moves to the front; Bob sees only his own.
            clock.advance(by: 60)
            #expect(try await client.send(.put, "/v1/campaigns/haushalt/ballots/mitte", json: choose([brunnen]), token: ada).status == .ok)
            let replaced = try await client.send(.get, "/v1/me/ballots", token: ada).items()
            #expect(replaced.compactMap { $0["area"] as? String } == ["mitte", "nord"])
            #expect(replaced.first?["totalCostCents"] as? Int == 50_000)
            let bobs = try await client.send(.get, "/v1/me/ballots", token: bob).items()
            #expect(bobs.count == 1 && (bobs.first?["choices"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test func mySupportsListTheSupportedProposalsWithTheirCampaign() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let votes = VoteFixtures(database: database, clock: clock.clock)
            let laerm = try await votes.campaign("laerm", phase: .discussion, kind: .dialogue)
            let park = try await votes.campaign("park", phase: .discussion, kind: .dialogue)
            let first = try await votes.proposal(in: laerm, title: "Tempo 30")
            let second = try await votes.proposal(in: park, title: "Spielplatz")
            let unsupported = try await votes.proposal(in: park, title: "Grillplatz")
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await accounts.account("Ada")
            let token = try await accounts.login("Ada")
            for proposal in [first, second, unsupported] {
                #expect(try await client.send(.put, "/v1/proposals/\(proposal)/support", token: token).status == .ok)
                clock.advance(by: 60)
            }
            #expect(try await client.send(.delete, "/v1/proposals/\(unsupported)/support", token: token).status == .noContent)
            try await database.query("UPDATE proposals SET withdrawn_at = now() WHERE id = \(first)")

            let pages = try await Self.allPages(client, "/v1/me/supports", token: token, limit: 1)
            #expect(pages.map(\.count) == [1, 1])
            let items = pages.flatMap { $0 }
            #expect(items.compactMap { $0["proposalId"] as? String } == [second, first].map { $0.uuidString.lowercased() })
            #expect(items.compactMap { $0["campaign"] as? String } == ["park", "laerm"])
            #expect(items.compactMap { $0["proposalTitle"] as? String } == ["Spielplatz", "Tempo 30"])
            #expect(items.compactMap { $0["withdrawn"] as? Bool } == [false, true])
            #expect(items.allSatisfy { $0["supportedAt"] is String })
        }
    }

    @Test func everyListNeedsASessionAndRefusesForeignCursorsAndSizes() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await accounts.account("Ada")
            let token = try await accounts.login("Ada")
            let lists = ["proposals", "comments", "ballots", "supports"]
            for list in lists {
                let path = "/v1/me/\(list)"
                let anonymous = try await client.send(.get, path)
                #expect(anonymous.status == .unauthorized, "\(path)")
                #expect(anonymous.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true, "\(path)")
                // Authentication comes before the query is looked at.
                #expect(try await client.send(.get, "\(path)?cursor=forged").status == .unauthorized, "\(path)")
                #expect(try await client.send(.get, path, token: "not-a-token").status == .unauthorized, "\(path)")

                let empty = try await client.send(.get, path, token: token)
                #expect(empty.status == .ok, "\(path)")
                #expect(try empty.items().isEmpty, "\(path)")
                let nextCursor = try empty.json()["nextCursor"]
                #expect(nextCursor == nil || nextCursor is NSNull, "\(path)")

                var forged = [
                    "forged", Data("\(list)|abc|\(UUID())".utf8).base64EncodedString(), Data("\(list)|-1|\(UUID())".utf8).base64EncodedString(),
                    Data("\(list)|1|not-a-uuid".utf8).base64EncodedString(),
                ]
                // A cursor of another list is not one of this list's.
                let other = lists.first { $0 != list } ?? "proposals"
                forged.append(Data("\(other)|1800000000000000|\(UUID())".utf8).base64EncodedString())
                for cursor in forged {
                    let encoded = cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? cursor
                    let response = try await client.send(.get, "\(path)?cursor=\(encoded)", token: token)
                    #expect(response.status == .unprocessableContent, "\(path) \(cursor)")
                    #expect(try response.problem().errors?.map(\.field) == ["cursor"], "\(path) \(cursor)")
                }
                // A cursor of this list's own form is answered, even one no page issued.
                let made = Data("\(list)|1800000000000000|\(UUID())".utf8).base64EncodedString()
                let madeEncoded = made.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? made
                #expect(try await client.send(.get, "\(path)?cursor=\(madeEncoded)", token: token).status == .ok, "\(path)")
                for limit in [0, 101] {
                    let response = try await client.send(.get, "\(path)?limit=\(limit)", token: token)
                    #expect(response.status == .unprocessableContent, "\(path) limit \(limit)")
                    #expect(try response.problem().errors?.map(\.field) == ["limit"], "\(path) limit \(limit)")
                }
            }
        }
    }

    @Test func signedInReadsOfProposalsCarryMineAndAnonymousOnesDoNot() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let votes = VoteFixtures(database: database, clock: clock.clock)
            let campaign = try await votes.campaign("laerm", phase: .discussion, kind: .dialogue) { $0.ratingsEnabled = true }
            let supported = try await votes.proposal(in: campaign, title: "supported")
            let rated = try await votes.proposal(in: campaign, title: "rated")
            let untouched = try await votes.proposal(in: campaign, title: "untouched")
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await accounts.account("Ada")
            try await accounts.account("Bob")
            let ada = try await accounts.login("Ada")
            let bob = try await accounts.login("Bob")
            #expect(try await client.send(.put, "/v1/proposals/\(supported)/support", token: ada).status == .ok)
            #expect(try await client.send(.put, "/v1/proposals/\(supported)/rating", json: ["value": 1], token: ada).status == .ok)
            #expect(try await client.send(.put, "/v1/proposals/\(rated)/rating", json: ["value": -1], token: ada).status == .ok)
            #expect(try await client.send(.put, "/v1/proposals/\(rated)/rating", json: ["value": 1], token: bob).status == .ok)

            /// `mine` of a proposal as `supported/rating`; "none" when absent.
            func mine(_ item: [String: Any]?) -> String {
                guard let mine = item?["mine"] as? [String: Any] else { return "none" }
                let supported = (mine["supported"] as? Bool).map { "\($0)" } ?? "?"
                return "\(supported)/\((mine["rating"] as? Int).map { "\($0)" } ?? "nil")"
            }
            for sort in ["new", "top", "ranking", "random"] {
                let list = try await client.send(.get, "/v1/campaigns/laerm/proposals?sort=\(sort)", token: ada)
                #expect(list.status == .ok, "\(sort)")
                let byID = Dictionary(uniqueKeysWithValues: try list.items().map { ($0["id"] as? String ?? "", $0) })
                #expect(byID.count == 3, "\(sort)")
                #expect(mine(byID[supported.uuidString.lowercased()]) == "true/1", "\(sort)")
                #expect(mine(byID[rated.uuidString.lowercased()]) == "false/-1", "\(sort)")
                #expect(mine(byID[untouched.uuidString.lowercased()]) == "false/nil", "\(sort)")
                // The counts stand beside it.
                #expect(byID[rated.uuidString.lowercased()]?["pro"] as? Int == 1 && byID[rated.uuidString.lowercased()]?["contra"] as? Int == 1)
            }
            // A filtered page too.
            let filtered = try await client.send(.get, "/v1/campaigns/laerm/proposals?q=rated", token: ada).items()
            #expect(filtered.count == 1)
            #expect(mine(filtered.first) == "false/-1")
            // A single proposal.
            #expect(mine(try await client.send(.get, "/v1/proposals/\(supported)", token: ada).json()) == "true/1")
            #expect(mine(try await client.send(.get, "/v1/proposals/\(rated)", token: bob).json()) == "false/1")
            // Anonymous readers get no `mine` at all.
            let anonymous = try await client.send(.get, "/v1/campaigns/laerm/proposals").items()
            #expect(anonymous.count == 3 && anonymous.allSatisfy { $0["mine"] == nil })
            #expect(try await client.send(.get, "/v1/proposals/\(supported)").json()["mine"] == nil)
        }
    }

    @Test func aSignedInListIsPrivateAndItsETagFollowsTheReader() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let votes = VoteFixtures(database: database, clock: clock.clock)
            let campaign = try await votes.campaign("laerm", phase: .discussion, kind: .dialogue)
            let proposal = try await votes.proposal(in: campaign)
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await accounts.account("Ada")
            try await accounts.account("Bob")
            let ada = try await accounts.login("Ada")
            let bob = try await accounts.login("Bob")
            #expect(try await client.send(.put, "/v1/proposals/\(proposal)/support", token: ada).status == .ok)
            for path in ["/v1/campaigns/laerm/proposals", "/v1/proposals/\(proposal)"] {
                let adas = try await ConditionalGetTests.get(client, path, token: ada)
                #expect(adas.headers[.cacheControl] == "private, no-cache", "\(path)")
                #expect(adas.headers[.vary] == "Authorization", "\(path)")
                let adaTag = try #require(adas.headers[.eTag])
                #expect(try await ConditionalGetTests.get(client, path, ifNoneMatch: adaTag, token: ada).status == .notModified, "\(path)")
                // The same counts, another reader's `mine`: another representation.
                let bobs = try await ConditionalGetTests.get(client, path, token: bob)
                #expect(bobs.headers[.eTag] != adaTag, "\(path)")
                #expect(try await ConditionalGetTests.get(client, path, ifNoneMatch: adaTag, token: bob).status == .ok, "\(path)")
                // Anonymous answers stay public and never match a signed-in one.
                let anonymous = try await ConditionalGetTests.get(client, path)
                #expect(anonymous.headers[.cacheControl] == "public, max-age=10", "\(path)")
                #expect(anonymous.headers[.eTag] != adaTag, "\(path)")
            }
        }
    }
}
