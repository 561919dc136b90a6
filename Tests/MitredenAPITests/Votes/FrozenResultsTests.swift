import Foundation
import HTTPTypes
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// Results frozen at the close of voting, changed only by an audited exclusion, embargoed
/// while voting is open, explained, recountable, and spelled with one kind of id.
@Suite struct FrozenResultsTests {
    static func official(_ database: Database) async throws -> [ResultRun.ID] {
        try await database.query("SELECT id FROM result_runs WHERE official ORDER BY computed_at").map { try $0.decode(ResultRun.ID.self) }
    }

    static func staff(_ client: any TestClientProtocol, _ database: Database, _ clock: ManualClock) async throws -> String {
        let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
        try await accounts.member(try await accounts.account("Olga"), of: "finanzen", as: .official)
        return try await accounts.login("Olga")
    }

    @Test func withdrawingFlaggingOrRejectingAfterTheCloseLeavesTheOfficialOutcomeUnchanged() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let (_, proposals) = try await ResultRoutesTests.setUp(database, clock: clock, phase: .results)
            let closing = try #require(try await ResultRoutesTests.worker(database, clock).computeDue().first)
            // The worker computes; staff declare the result official (audited).
            #expect(!closing.official)
            #expect(closing.selected.map(\.reference) == ["P1", "P3"])
            let provisional = try await client.send(.get, "/v1/campaigns/haushalt/results")
            #expect(try provisional.json()["official"] as? Bool == false)
            let token = try await Self.staff(client, database, clock)
            let officialPath = "/v1/campaigns/haushalt/results/runs/\(closing.id)/official"
            #expect(try await client.send(.post, officialPath).status == .unauthorized)
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await accounts.account("Paula")
            #expect(try await client.send(.post, officialPath, token: try await accounts.login("Paula")).status == .forbidden)
            let stranger = try await client.send(.post, "/v1/campaigns/haushalt/results/runs/\(ResultRun.ID.random())/official", token: token)
            #expect(stranger.status == .notFound)
            let marked = try await client.send(.post, officialPath, token: token)
            #expect(marked.status == .ok, "\(marked.text)")
            #expect(try marked.json()["official"] as? Bool == true)
            let audited = try await database.query(
                "SELECT count(*)::int FROM audit_events WHERE action = 'results.official' AND target_id = \(closing.id.description)")[0]
                .decode(Int.self)
            #expect(audited == 1)

            // After the close: the author withdraws P1, three participants flag P2 (hidden
            // until decided), a moderator rejects P3, and an account's ballot is erased.
            let author = try #require(try await database.query("SELECT id FROM accounts ORDER BY email LIMIT 1").first?.decode(Account.ID.self))
            try await database.query("UPDATE proposals SET author_id = \(author) WHERE id = \(proposals[0])")
            let authorRecord = try #require(try await Accounts.find(id: author, on: database))
            _ = try await ProposalService(database: database, clock: clock.clock).withdraw(proposals[0], by: authorRecord)
            let flags = FlagService(database: database, clock: clock.clock)
            for flagger in try await VoteFixtures(database: database, clock: clock.clock).participants(3, prefix: "flagger") {
                _ = try await flags.flag(
                    .proposal(proposals[1]), reason: .spam, note: nil, by: try #require(try await Accounts.find(id: flagger, on: database)))
            }
            try await database.query("UPDATE proposals SET moderation_status = 'rejected' WHERE id = \(proposals[2])")
            try await database.query("DELETE FROM ballots WHERE id = (SELECT id FROM ballots ORDER BY submitted_at LIMIT 1)")
            clock.advance(by: 60)

            // Staff recompute, the worker runs again, readers read: the same official run.
            let campaign = try await CampaignService(database: database, clock: clock.clock).require("haushalt")
            let service = ResultService(database: database, clock: clock.clock)
            let recomputed = try await service.compute(campaign, rule: .greedyVotes)
            #expect(recomputed.runs.map(\.id) == [closing.id])
            #expect(try await ResultRoutesTests.worker(database, clock).computeDue().isEmpty)
            let read = try await client.send(.get, "/v1/campaigns/haushalt/results")
            let area = try #require((try read.json()["areas"] as? [[String: Any]])?.first)
            #expect(area["runId"] as? String == closing.id.description)
            #expect(area["official"] as? Bool == true)
            #expect(try read.json()["official"] as? Bool == true)
            #expect((area["selected"] as? [[String: Any]])?.compactMap { $0["reference"] as? String } == ["P1", "P3"])
            #expect(area["ballots"] as? Int == 3)
            // Votes per project from the frozen input; P2 (hidden by flags) and P3 (rejected)
            // are no longer shown, P1 (withdrawn, still published) is, with its two votes.
            let projects = try #require(area["projects"] as? [[String: Any]])
            #expect(projects.map { $0["proposalId"] as? String } == [proposals[0].description])
            #expect(projects.first?["approvals"] as? Int == 2)
            #expect(projects.first?["funded"] as? Bool == true)
            // Another rule after the close counts the same frozen ballots.
            let mes = try await service.compute(campaign, rule: .mesCost)
            #expect(mes.runs[0].inputDigest == closing.inputDigest)
            #expect(try await Self.official(database) == [closing.id])
        }
    }

    @Test func anAuditedExclusionMakesASupersedingRunAndBothStayReadable() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let (_, proposals) = try await ResultRoutesTests.setUp(database, clock: clock, phase: .results)
            let closing = try #require(try await ResultRoutesTests.worker(database, clock).computeDue().first)
            try await ResultService(database: database, clock: clock.clock).markOfficial(closing.id, by: .commandLine)
            let token = try await Self.staff(client, database, clock)
            let path = "/v1/campaigns/haushalt/results/exclusions"
            let participant = try await AccountFixtures(client: client, database: database, clock: clock.clock).account("Paul")
            _ = participant
            let paul = try await AccountFixtures(client: client, database: database, clock: clock.clock).login("Paul")
            let body: [String: any Sendable] = ["area": "mitte", "proposalId": proposals[0].description, "reason": "liegt außerhalb des Bezirks"]
            #expect(try await client.send(.post, path, json: body, token: paul).status == .forbidden)
            #expect(try await client.send(.post, path, json: body).status == .unauthorized)
            let noReason = try await client.send(
                .post, path, json: ["area": "mitte", "proposalId": proposals[0].description, "reason": " "], token: token)
            #expect(noReason.status == .unprocessableContent)
            #expect(try noReason.problem().errors?.first?.field == "reason")
            let stranger = try await client.send(
                .post, path, json: ["area": "mitte", "proposalId": Proposal.ID.random().description, "reason": "x"], token: token)
            #expect(stranger.status == .unprocessableContent)
            #expect(try stranger.problem().errors?.first?.field == "proposalId")

            let excluded = try await client.send(.post, path, json: body, token: token)
            #expect(excluded.status == .ok, "\(excluded.text)")
            let run = try excluded.json()
            #expect(run["supersedes"] as? String == closing.id.description)
            #expect(run["supersedeReason"] as? String == "liegt außerhalb des Bezirks")
            #expect(run["official"] as? Bool == true)
            #expect(run["excluded"] as? [String] == [proposals[0].description])
            // Without P1 (the ballot that chose only P1 still counts): P2 and P3 fit.
            #expect((run["selected"] as? [[String: Any]])?.compactMap { $0["reference"] as? String } == ["P2", "P3"])
            #expect(run["ballots"] as? Int == 3)
            // Every project's votes in the new run (P1 is out of its input): P3 chosen twice, P2 once.
            let projects = try #require(run["projects"] as? [[String: Any]])
            #expect(projects.map { $0["proposalId"] as? String } == [proposals[2].description, proposals[1].description])
            #expect(projects.map { $0["approvals"] as? Int } == [2, 1])
            #expect(projects.map { $0["rank"] as? Int } == [1, 2])
            #expect(projects.allSatisfy { $0["funded"] as? Bool == true })
            // The same exclusion again: P1 is no longer in the counted input.
            #expect(try await client.send(.post, path, json: body, token: token).status == .unprocessableContent)

            let read = try await client.send(.get, "/v1/campaigns/haushalt/results")
            let area = try #require((try read.json()["areas"] as? [[String: Any]])?.first)
            #expect(area["runId"] as? String == run["runId"] as? String)
            #expect(area["supersedes"] as? String == closing.id.description)
            // Both runs stay readable, the old one no longer official.
            let file = try await client.send(.get, "/v1/campaigns/haushalt/exports/results.json", token: token)
            let runs = try #require((try file.json()["runs"] as? [[String: Any]]))
            #expect(Set(runs.compactMap { $0["id"] as? String }) == [closing.id.description, run["runId"] as! String])
            #expect(runs.first { $0["id"] as? String == closing.id.description }?["official"] as? Bool == false)
            #expect(runs.first { $0["id"] as? String == run["runId"] as? String }?["supersedeReason"] as? String == "liegt außerhalb des Bezirks")
            let audited = try await database.query(
                "SELECT count(*)::int FROM audit_events WHERE action = 'results.exclude' AND target_id = \(run["runId"] as! String)")[0]
                .decode(Int.self)
            #expect(audited == 1)
            // A later computation of another rule keeps the exclusion.
            let campaign = try await CampaignService(database: database, clock: clock.clock).require("haushalt")
            let mes = try await ResultService(database: database, clock: clock.clock).compute(campaign, rule: .mesCost)
            #expect(mes.runs[0].excluded == [proposals[0]])
            #expect(!mes.runs[0].selected.contains { $0.proposalId == proposals[0] })
        }
    }

    @Test func anExclusionWhileVotingIsOpenIsRefused() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let (_, proposals) = try await ResultRoutesTests.setUp(database, clock: clock, phase: .voting)
            let token = try await Self.staff(client, database, clock)
            let refused = try await client.send(
                .post, "/v1/campaigns/haushalt/results/exclusions",
                json: ["area": "mitte", "proposalId": proposals[0].description, "reason": "zu früh"], token: token)
            #expect(refused.status == .conflict)
            #expect(try refused.problem().detail?.contains("not closed") == true)
        }
    }

    @Test func duringVotingAnonymousAndParticipantsSeeNoCountsInAnyRouteOrExport() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = VoteFixtures(database: database, clock: clock.clock)
            try await fixtures.campaign("haushalt", phase: .voting) {
                $0.ballot?.resultMethod = .greedyVotes
                $0.openData = true
            }
            let campaign = try await CampaignService(database: database, clock: clock.clock).require("haushalt")
            var proposals: [Proposal.ID] = []
            for cost in [60_000, 50_000] { proposals.append(try await fixtures.proposal(in: campaign, area: "mitte", costCents: Int64(cost))) }
            let ballots = BallotService(database: database, clock: clock.clock)
            for voter in try await fixtures.participants(3) {
                _ = try await ballots.submit(campaign: "haushalt", area: "mitte", choices: [BallotChoice(proposalID: proposals[0])], by: voter)
            }
            // Staff may look at an interim count; it must not leak to anyone else.
            let staff = try await Self.staff(client, database, clock)
            // Only when asked for explicitly as provisional, and never official.
            let refused = try await client.send(.post, "/v1/campaigns/haushalt/results", json: [:], token: staff)
            #expect(refused.status == .conflict)
            #expect(try refused.problem().detail?.contains("provisional") == true)
            let official = try await client.send(.post, "/v1/campaigns/haushalt/results", json: ["provisional": true], token: staff)
            #expect(official.status == .ok, "\(official.text)")
            #expect(try official.json()["official"] as? Bool == false)
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await accounts.account("Paul")
            let paul = try await accounts.login("Paul")
            for token in [nil, paul] {
                let who = token == nil ? "anonymous" : "participant"
                let results = try await client.send(.get, "/v1/campaigns/haushalt/results", token: token)
                #expect(results.status == .conflict, "\(who)")
                #expect(!results.text.contains("inputDigest"))
                for name in ExportName.allCases {
                    let export = try await client.send(.get, "/v1/campaigns/haushalt/exports/\(name.rawValue)", token: token)
                    #expect([.unauthorized, .forbidden].contains(export.status), "\(who) \(name.rawValue): \(export.status)")
                }
                for route in ["/v1/campaigns/haushalt", "/v1/campaigns/haushalt/proposals", "/v1/proposals/\(proposals[0])"] {
                    let page = try await client.send(.get, route, token: token)
                    #expect(page.status == .ok, "\(who) \(route)")
                    for leak in ["inputDigest", "\"selected\"", "\"ballots\":", "totalCostCents"] {
                        #expect(!page.text.contains(leak), "\(who) \(route) shows \(leak)")
                    }
                }
            }
            // The unit's staff see everything.
            #expect(try await client.send(.get, "/v1/campaigns/haushalt/exports/results.json", token: staff).status == .ok)
        }
    }

    @Test func electionPBIsTheSameOnEveryExportAndNotInTheOrderOfVoting() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = VoteFixtures(database: database, clock: clock.clock)
            try await fixtures.campaign("haushalt", phase: .voting) { $0.ballot = BallotRules(method: .approval, minChoices: 0) }
            let campaign = try await CampaignService(database: database, clock: clock.clock).require("haushalt")
            var proposals: [Proposal.ID] = []
            for index in 0..<6 {
                proposals.append(try await fixtures.proposal(in: campaign, area: "mitte", costCents: 10_000, reference: "p\(index)"))
            }
            // 40 voters, each with a ballot of their own, cast one after another.
            let ballots = BallotService(database: database, clock: clock.clock)
            var cast: [String] = []
            for (index, voter) in try await fixtures.participants(40).enumerated() {
                let subset = (0..<6).filter { (index + 1) & (1 << $0) != 0 }
                _ = try await ballots.submit(
                    campaign: "haushalt", area: "mitte", choices: subset.map { BallotChoice(proposalID: proposals[$0]) }, by: voter)
                cast.append(subset.map { "p\($0)" }.joined(separator: ","))
                clock.advance(by: 1)
            }
            let token = try await Self.staff(client, database, clock)
            let first = try await client.send(.get, "/v1/campaigns/haushalt/exports/election.pb", token: token)
            let second = try await client.send(.get, "/v1/campaigns/haushalt/exports/election.pb", token: token)
            #expect(first.status == .ok)
            #expect(Array(first.body.readableBytesView) == Array(second.body.readableBytesView))
            let election = try PabulibParser.parse(first.text)
            let listed = election.votes.map { $0.projectIDs.joined(separator: ",") }
            #expect(Set(listed) == Set(cast))
            #expect(listed != cast)
            #expect(election.votes.map(\.voterID) == (1...40).map(String.init))
        }
    }

    @Test func theWinnersCarryOneSpellingOfIdsAcrossEveryExportAndTheAPI() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = VoteFixtures(database: database, clock: clock.clock)
            try await fixtures.campaign("haushalt", phase: .voting) { $0.ballot?.resultMethod = .mesCost }
            let campaign = try await CampaignService(database: database, clock: clock.clock).require("haushalt")
            var proposals: [Proposal.ID] = []
            // No references: the rules, election.pb and the exports all name them by id.
            for cost in [60_000, 50_000, 40_000] {
                proposals.append(try await fixtures.proposal(in: campaign, area: "mitte", costCents: Int64(cost)))
            }
            let ballots = BallotService(database: database, clock: clock.clock)
            for (voter, picks) in zip(try await fixtures.participants(3), [[0], [0, 2], [1, 2]]) {
                _ = try await ballots.submit(
                    campaign: "haushalt", area: "mitte", choices: picks.map { BallotChoice(proposalID: proposals[$0]) }, by: voter)
            }
            clock.advance(by: 2 * 86_400)
            let run = try #require(try await ResultRoutesTests.worker(database, clock).computeDue().first)
            #expect(!run.selected.isEmpty)
            let token = try await Self.staff(client, database, clock)

            let api = try await client.send(.get, "/v1/campaigns/haushalt/results")
            let area = try #require((try api.json()["areas"] as? [[String: Any]])?.first)
            let apiIDs = (area["selected"] as? [[String: Any]])?.compactMap { $0["proposalId"] as? String } ?? []
            let explained = (area["explanations"] as? [[String: Any]])?.compactMap { $0["proposalId"] as? String } ?? []
            let file = try await client.send(.get, "/v1/campaigns/haushalt/exports/results.json", token: token).text
            let json = try #require(try JSONSerialization.jsonObject(with: Data(file.utf8)) as? [String: Any])
            let fileRuns = json["runs"] as? [[String: Any]] ?? []
            let fileIDs = (fileRuns.first?["selected"] as? [[String: Any]])?.compactMap { $0["proposalId"] as? String } ?? []
            let rankingIDs = (json["ranking"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
            let csv = CSVReader.rows(try await client.send(.get, "/v1/campaigns/haushalt/exports/proposals.csv", token: token).text)
            let csvIDs = csv.dropFirst().map { $0[0] }
            let pb = try PabulibParser.parse(try await client.send(.get, "/v1/campaigns/haushalt/exports/election.pb", token: token).text)
            let pbIDs = pb.projects.map(\.id)

            let winners = run.selected.map { $0.proposalId.description }
            #expect(apiIDs == winners)
            #expect(fileIDs == winners)
            for id in apiIDs + fileIDs + explained + rankingIDs + csvIDs + pbIDs + pb.votes.flatMap(\.projectIDs) {
                #expect(id == id.lowercased(), "\(id)")
            }
            for winner in winners {
                #expect(csvIDs.contains(winner))
                #expect(pbIDs.contains(winner))
                #expect(rankingIDs.contains(winner))
                #expect(explained.contains(winner))
            }
            // Every UUID anywhere in results.json is written lower-case.
            let uuid = try NSRegularExpression(pattern: "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
            let found = uuid.matches(in: file, range: NSRange(file.startIndex..., in: file)).compactMap {
                Range($0.range, in: file).map { String(file[$0]) }
            }
            #expect(!found.isEmpty)
            for id in found { #expect(id == id.lowercased(), "\(id)") }
        }
    }

    @Test func aRunIsRecountedFromItsStoredInputAndATamperedOneIsCaught() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            _ = try await ResultRoutesTests.setUp(database, clock: clock, phase: .results, resultMethod: .mesCost)
            let run = try #require(try await ResultRoutesTests.worker(database, clock).computeDue().first)
            let service = ResultService(database: database, clock: clock.clock)
            let verified = try await service.verify(run.id)
            #expect(verified.matches)
            #expect(verified.recomputedDigest == run.inputDigest)
            let explanation = try #require(run.explanation)
            #expect(explanation.shareBefore != nil)
            #expect(explanation.comparison?.greedy.rule == "greedy_votes")
            #expect(explanation.projects.count == 3)

            try await database.query("UPDATE result_runs SET selected = '[]', total_cost_cents = 0 WHERE id = \(run.id)")
            let tampered = try await service.verify(run.id)
            #expect(!tampered.outcomeMatches)
            #expect(tampered.digestMatches)
            // The bundle carries how to recount.
            let token = try await Self.staff(client, database, clock)
            let bundle = try await client.send(.get, "/v1/campaigns/haushalt/exports/bundle.zip", token: token)
            let files = StoredZip.entries(Array(bundle.body.readableBytesView))
            #expect(files["election.pb"] != nil)
            let recount = String(decoding: files["recount.txt"] ?? [], as: UTF8.self)
            #expect(recount.contains("pabutools"))
            #expect(recount.contains("mitreden results verify"))
        }
    }
}
