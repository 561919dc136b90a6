import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

@Suite struct CommentAndFlagTests {
    @Test func commentsAreThreadedToADepthOfThreeAndCountedExactly() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz", settings: { $0.commentMaxLength = 50 })
            let author = try await fixtures.accounts.account("Paula")
            try await fixtures.accounts.account("Otto")
            let proposal = try await fixtures.proposal("Brunnen", in: "domplatz", by: author)
            let other = try await fixtures.proposal("Bänke", in: "domplatz", by: author)
            let token = try await fixtures.accounts.login("Otto")
            let path = "/v1/proposals/\(proposal.id)/comments"
            let top = try await client.send(.post, path, json: ["body": "Gute Idee", "stance": "pro"], token: token)
            #expect(top.status == .created, "\(top.text)")
            let topID = try #require(try top.json()["id"] as? String)
            let reply = try await client.send(.post, path, json: ["body": "Finde ich nicht", "stance": "contra", "parentId": topID], token: token)
            let replyID = try #require(try reply.json()["id"] as? String)
            let deepest = try await client.send(.post, path, json: ["body": "Doch", "parentId": replyID], token: token)
            #expect(try deepest.json()["depth"] as? Int == 3)
            let tooDeep = try await client.send(
                .post, path, json: ["body": "Noch tiefer", "parentId": try #require(try deepest.json()["id"] as? String)], token: token)
            #expect(try tooDeep.problem().errors?.map(\.field) == ["parentId"])
            let elsewhere = try await client.send(
                .post, "/v1/proposals/\(other.id)/comments", json: ["body": "Falscher Ort", "parentId": topID], token: token)
            #expect(elsewhere.status == .unprocessableContent)
            #expect(try elsewhere.problem().errors?.map(\.field) == ["parentId"])
            let long = try await client.send(.post, path, json: ["body": String(repeating: "a", count: 51)], token: token)
            #expect(try long.problem().errors?.map(\.field) == ["body"])
            let empty = try await client.send(.post, path, json: ["body": " "], token: token)
            #expect(try empty.problem().errors?.map(\.field) == ["body"])
            let list = try await client.send(.get, path)
            #expect(try list.items().map { $0["depth"] as? Int } == [1, 2, 3])
            #expect(try list.items().map { $0["stance"] as? String } == ["pro", "contra", "neutral"])
            let shown = try await client.send(.get, "/v1/proposals/\(proposal.id)")
            #expect(try shown.json()["comments"] as? Int == 3)
        }
    }

    @Test func heldCommentsAreNotCountedAndARemovedParentLeavesAPlaceholder() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("hafen", commentModeration: .pre)
            let author = try await fixtures.accounts.account("Paula")
            let otto = try await fixtures.accounts.account("Otto")
            let proposal = try await fixtures.proposal("Brunnen", in: "hafen", by: author)
            let parent = try await fixtures.comment("Unfreundlich", on: proposal.id, by: otto)
            let child = try await fixtures.comment("Sachliche Antwort", on: proposal.id, by: author, parent: parent.record.id)
            #expect(parent.record.moderationStatus == .pending)
            #expect(try await client.send(.get, "/v1/proposals/\(proposal.id)/comments").items().isEmpty)
            #expect(try await client.send(.get, "/v1/proposals/\(proposal.id)").json()["comments"] as? Int == 0)

            let moderation = ModerationService(database: database, clock: clock.clock)
            let items = try await ModerationQueue.open(units: nil, campaign: "hafen", limit: 10, on: database)
            let parentItem = try #require(items.first { $0.targetID == parent.record.id.uuid })
            let childItem = try #require(items.first { $0.targetID == child.record.id.uuid })
            _ = try await moderation.decide(parentItem.id, DecisionInput(decision: .reject, reason: .insult), by: .commandLine, account: nil)
            _ = try await moderation.decide(childItem.id, DecisionInput(decision: .approve), by: .commandLine, account: nil)
            let list = try await client.send(.get, "/v1/proposals/\(proposal.id)/comments").items()
            #expect(list.count == 2)
            #expect(list.first?["removed"] as? Bool == true)
            #expect(list.first?["body"] as? String == "")
            #expect(list.first?["author"] == nil)
            #expect(list.last?["body"] as? String == "Sachliche Antwort")
            #expect(try await client.send(.get, "/v1/proposals/\(proposal.id)").json()["comments"] as? Int == 1)
            // The author of the removed comment still sees it in full.
            let own = try await client.send(.get, "/v1/proposals/\(proposal.id)/comments", token: try await fixtures.accounts.login("Otto")).items()
            #expect(own.first?["body"] as? String == "Unfreundlich")
        }
    }

    @Test func flagsNeedAReasonComeOncePerPersonAndHideAtTheThreshold() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz", settings: { $0.flagsBeforeHide = 2 })
            let author = try await fixtures.accounts.account("Paula")
            let proposal = try await fixtures.proposal("Werbung für meinen Laden", in: "domplatz", by: author)
            let comment = try await fixtures.comment("Kauft bei mir", on: proposal.id, by: author)
            let paula = try await fixtures.accounts.login("Paula")
            for name in ["Otto", "Olaf"] { try await fixtures.accounts.account(name) }
            let otto = try await fixtures.accounts.login("Otto")
            let olaf = try await fixtures.accounts.login("Olaf")
            let flags = "/v1/proposals/\(proposal.id)/flags"
            let own = try await client.send(.post, flags, json: ["reason": "spam"], token: paula)
            #expect(own.status == .unprocessableContent)
            #expect(try own.problem().errors?.map(\.field) == ["proposalId"])
            let ownComment = try await client.send(.post, "/v1/comments/\(comment.record.id)/flags", json: ["reason": "spam"], token: paula)
            #expect(try ownComment.problem().errors?.map(\.field) == ["commentId"])
            let noNote = try await client.send(.post, flags, json: ["reason": "other"], token: otto)
            #expect(try noNote.problem().errors?.map(\.field) == ["note"])
            let badReason = try await client.send(.post, flags, json: ["reason": "boring"], token: otto)
            #expect(badReason.status == .unprocessableContent)
            #expect(try badReason.problem().errors?.map(\.field) == ["reason"])
            #expect(try await client.send(.post, flags, json: ["reason": "spam"], token: otto).status == .noContent)
            #expect(try await client.send(.post, flags, json: ["reason": "insult"], token: otto).status == .conflict)
            #expect(try await client.send(.get, "/v1/campaigns/domplatz/proposals").json()["total"] as? Int == 1)
            #expect(try await client.send(.post, flags, json: ["reason": "other", "note": "Werbung"], token: olaf).status == .noContent)
            #expect(try await client.send(.get, "/v1/campaigns/domplatz/proposals").json()["total"] as? Int == 0)
            #expect(try await client.send(.get, "/v1/proposals/\(proposal.id)").status == .notFound)
            let queue = try await ModerationQueue.open(units: nil, campaign: "domplatz", limit: 10, on: database)
            #expect(queue.map(\.reason) == [.flagged])
            // Dismissing the flags publishes it again.
            _ = try await ModerationService(database: database, clock: clock.clock)
                .decide(queue[0].id, DecisionInput(decision: .dismissFlags), by: .commandLine, account: nil)
            #expect(try await client.send(.get, "/v1/campaigns/domplatz/proposals").json()["total"] as? Int == 1)
            #expect(
                try await client.send(.post, "/v1/comments/\(comment.record.id)/flags", json: ["reason": "spam"], token: otto).status == .noContent)
            #expect(try await client.send(.post, "/v1/comments/\(UUID())/flags", json: ["reason": "spam"], token: otto).status == .notFound)
        }
    }

    @Test func commentsOutsideTheirPhaseAreRefusedNamingThePhase() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz")
            let author = try await fixtures.accounts.account("Paula")
            let proposal = try await fixtures.proposal("Brunnen", in: "domplatz", by: author)
            let now = clock.now
            _ = try await CampaignService(database: database, clock: clock.clock).setPhases(
                "domplatz",
                to: [
                    PhaseWindow(kind: .proposals, startsAt: now.addingTimeInterval(-7200), endsAt: now.addingTimeInterval(-3600)),
                    PhaseWindow(kind: .evaluation, startsAt: now.addingTimeInterval(-3600), endsAt: now.addingTimeInterval(86_400)),
                ], by: .commandLine)
            let token = try await fixtures.accounts.login("Paula")
            let refused = try await client.send(.post, "/v1/proposals/\(proposal.id)/comments", json: ["body": "Zu spät"], token: token)
            #expect(refused.status == .conflict)
            #expect(try refused.problem().detail?.contains("evaluation phase") == true)
            #expect(try refused.problem().type.hasSuffix("wrong-phase"))
            let edit = try await client.send(.post, "/v1/campaigns/domplatz/proposals", json: ["title": "Zu spät"], token: token)
            #expect(try edit.problem().detail?.contains("evaluation phase") == true)
        }
    }

    @Test func flagsArrivingTogetherStillHideAtTheThreshold() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz", settings: { $0.flagsBeforeHide = 3 })
            let author = try await fixtures.accounts.account("Paula")
            var reporters: [AccountRecord] = []
            for name in ["Anna", "Bert", "Cleo"] { reporters.append(try await fixtures.record(try await fixtures.accounts.account(name))) }
            let service = FlagService(database: database, clock: clock.clock)
            for round in 0..<10 {
                let proposal = try await fixtures.proposal("Runde \(round)", in: "domplatz", by: author)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for reporter in reporters {
                        group.addTask { try await service.flag(.proposal(proposal.id), reason: .spam, note: nil, by: reporter) }
                    }
                    try await group.waitForAll()
                }
                let status = try await database.query("SELECT moderation_status FROM proposals WHERE id = \(proposal.id)")[0].decode(String.self)
                #expect(status == "hidden", "round \(round)")
            }
        }
    }

    @Test func commentsArePagedByWholeThreads() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz")
            let author = try await fixtures.accounts.account("Paula")
            let proposal = try await fixtures.proposal("Brunnen", in: "domplatz", by: author)
            var expected: [String] = []
            for thread in 0..<5 {
                clock.advance(by: 1)
                let root = try await fixtures.comment("T\(thread)", on: proposal.id, by: author)
                expected.append("T\(thread)")
                clock.advance(by: 1)
                let reply = try await fixtures.comment("T\(thread).1", on: proposal.id, by: author, parent: root.record.id)
                clock.advance(by: 1)
                _ = try await fixtures.comment("T\(thread).1.1", on: proposal.id, by: author, parent: reply.record.id)
                expected += ["T\(thread).1", "T\(thread).1.1"]
            }
            var seen: [String] = []
            var pages = 0
            var cursor: String?
            repeat {
                let suffix = cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } ?? ""
                let page = try await client.send(.get, "/v1/proposals/\(proposal.id)/comments?limit=2\(suffix)")
                #expect(page.status == .ok, "\(page.text)")
                seen += try page.items().compactMap { $0["body"] as? String }
                cursor = try page.json()["nextCursor"] as? String
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 3)
            #expect(seen.sorted() == expected.sorted())
            #expect(Array(seen.prefix(6)) == ["T0", "T0.1", "T0.1.1", "T1", "T1.1", "T1.1.1"])
            let bad = try await client.send(.get, "/v1/proposals/\(proposal.id)/comments?cursor=nope")
            #expect(try bad.problem().errors?.map(\.field) == ["cursor"])
        }
    }
}
