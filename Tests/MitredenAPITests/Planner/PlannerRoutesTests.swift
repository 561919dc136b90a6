import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import NIOCore
import TestSupport
import Testing

/// The planner's routes: definition by managers, drafts and submission by verified
/// participants in the voting phase, the refusal list, paper plans and the summary's
/// visibility.
@Suite struct PlannerRoutesTests {
    /// Revenue: tax 1,000 € (±20 %, steps of 10 €), a protected fee 200 €; expense: Kita 800 €
    /// (600–1,000 €, steps of 50 €), culture 400 € (±50 %, steps of 20 €). Baseline balance 0.
    static let planner: [String: any Sendable] = [
        "title": "Testhaushalt", "balanceRule": "balanced", "projectionYears": 2, "households": 100,
        "areas": [
            [
                "key": "einnahmen", "name": "Einnahmen",
                "items": [
                    [
                        "key": "steuer", "name": "Steuer", "side": "revenue", "baselineCents": 100_000, "rangePercent": 20, "stepCents": 1_000,
                        "perHousehold": true,
                    ],
                    [
                        "key": "gebuehr", "name": "Gebühr", "side": "revenue", "baselineCents": 20_000, "minCents": 20_000, "maxCents": 20_000,
                        "stepCents": 100, "protected": true,
                    ],
                ] as [[String: any Sendable]],
            ] as [String: any Sendable],
            [
                "key": "ausgaben", "name": "Ausgaben",
                "items": [
                    [
                        "key": "kita", "name": "Kita", "side": "expense", "baselineCents": 80_000, "minCents": 60_000, "maxCents": 100_000,
                        "stepCents": 5_000, "unit": "Platz", "unitCostCents": 5_000,
                    ],
                    ["key": "kultur", "name": "Kultur", "side": "expense", "baselineCents": 40_000, "rangePercent": 50, "stepCents": 2_000],
                ] as [[String: any Sendable]],
            ],
        ] as [[String: any Sendable]],
    ]

    struct Setup {
        var campaign: CampaignRecord
        var manager: String
        var participant: String
    }

    static func setUp(_ client: any TestClientProtocol, _ database: Database, clock: ManualClock, phase: PhaseKind = .voting) async throws -> Setup {
        let campaign = try await VoteFixtures(database: database, clock: clock.clock).campaign("haushalt", phase: phase)
        let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
        try await accounts.member(try await accounts.account("Mia"), of: "finanzen", as: .manager)
        try await accounts.account("Bea")
        let manager = try await accounts.login("Mia")
        let defined = try await client.send(.put, "/v1/campaigns/haushalt/planner", json: planner, token: manager)
        guard defined.status == .ok else { throw TestSetupError("defining the planner failed: \(defined.status) \(defined.text)") }
        return Setup(campaign: campaign, manager: manager, participant: try await accounts.login("Bea"))
    }

    static func lines(_ lines: [(String, Int64)], why: String? = nil) -> [String: any Sendable] {
        [
            "lines": lines.map { item, amount in
                var line: [String: any Sendable] = ["item": item, "amountCents": amount]
                if let why { line["justification"] = why }
                return line
            }
        ]
    }

    @Test func aPlannerIsDefinedReadAndItsPercentRangesResolved() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            _ = try await Self.setUp(client, database, clock: clock)
            let response = try await client.send(.get, "/v1/campaigns/haushalt/planner")
            #expect(response.status == .ok)
            let body = try response.json()
            #expect(body["baselineBalanceCents"] as? Int == 0)
            let items = try #require(body["items"] as? [[String: Any]])
            let tax = try #require(items.first { $0["key"] as? String == "steuer" })
            #expect(tax["minCents"] as? Int == 80_000 && tax["maxCents"] as? Int == 120_000)
            let audit = try await database.query("SELECT count(*)::int FROM audit_events WHERE action = 'planner.define'")[0].decode(Int.self)
            #expect(audit == 1)
        }
    }

    @Test func onlyTheUnitsManagersDefineThePlannerAndABadDefinitionListsEveryProblem() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock)
            #expect(try await client.send(.put, "/v1/campaigns/haushalt/planner", json: Self.planner, token: setup.participant).status == .forbidden)
            #expect(try await client.send(.put, "/v1/campaigns/haushalt/planner", json: Self.planner).status == .unauthorized)
            var bad = Self.planner
            bad["balanceRule"] = "max_deficit"
            bad["projectionYears"] = 31
            let response = try await client.send(.put, "/v1/campaigns/haushalt/planner", json: bad, token: setup.manager)
            #expect(response.status == .unprocessableContent)
            #expect(Set(try response.problem().errors?.map(\.field) ?? []) == ["maxDeficitCents", "projectionYears"])
        }
    }

    @Test func aDraftIsSavedSubmittedComparedAndWithdrawn() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock)
            let path = "/v1/campaigns/haushalt/planner/plan"
            // An unbalanced draft is stored, with what submitting it would be refused for.
            var response = try await client.send(.put, path, json: Self.lines([("kita", 90_000)], why: "Mehr Plätze"), token: setup.participant)
            #expect(response.status == .ok, "\(response.text)")
            let draft = try #require(try response.json()["draft"] as? [String: Any])
            #expect((draft["problems"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } == ["unbalanced"])
            let refused = try await client.send(.post, "\(path)/submit", token: setup.participant)
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.problem().type.hasSuffix("/plan-rules"))
            #expect(try refused.problem().errors?.first?.message.contains("unbalanced by 10000 cents") == true)
            // Balanced by a tax rise: submitted, with the household view and the comparison.
            response = try await client.send(
                .put, path, json: Self.lines([("kita", 90_000), ("steuer", 110_000)], why: "Mehr Plätze"), token: setup.participant)
            #expect(response.status == .ok)
            response = try await client.send(.post, "\(path)/submit", token: setup.participant)
            #expect(response.status == .ok, "\(response.text)")
            let body = try response.json()
            let submitted = try #require(body["submitted"] as? [String: Any])
            #expect(submitted["balanceCents"] as? Int == 0)
            #expect((submitted["household"] as? [[String: Any]])?.first?["centsPerMonth"] as? Int == 8)
            #expect((submitted["projection"] as? [Any])?.count == 3)
            let comparison = try #require(body["comparison"] as? [String: Any])
            #expect(comparison["plans"] as? Int == 1)
            #expect((comparison["medianChanges"] as? [String: Any])?["kita"] as? Int == 10_000)
            #expect(try await database.query("SELECT count(*)::int FROM plans WHERE status = 'submitted'")[0].decode(Int.self) == 1)
            // Withdrawn: both the draft and the submitted plan go.
            #expect(try await client.send(.delete, path, token: setup.participant).status == .noContent)
            #expect(try await database.query("SELECT count(*)::int FROM plans")[0].decode(Int.self) == 0)
        }
    }

    @Test func aRefusedDraftListsEveryBrokenRuleWithItsField() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock)
            let response = try await client.send(
                .put, "/v1/campaigns/haushalt/planner/plan",
                json: Self.lines([("kita", 105_000), ("kultur", 41_000), ("gebuehr", 20_100), ("hafen", 1)]), token: setup.participant)
            #expect(response.status == .unprocessableContent)
            let problem = try response.problem()
            #expect(problem.type.hasSuffix("/plan-rules"))
            #expect(problem.errors?.compactMap(\.rule) == ["out-of-range", "off-step", "protected-item", "unknown-item"])
            #expect(problem.errors?.map(\.field) == ["lines[0].amountCents", "lines[1].amountCents", "lines[2].amountCents", "lines[3].item"])
            #expect(try await database.query("SELECT count(*)::int FROM plans")[0].decode(Int.self) == 0)
        }
    }

    @Test func amountsBeyondBigintAreA422NamingTheField() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock)
            func put(_ amount: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/v1/campaigns/haushalt/planner/plan", method: .put,
                    headers: [.contentType: "application/json", .authorization: "Bearer \(setup.participant)", .acceptLanguage: "en"],
                    body: ByteBuffer(string: #"{"lines":[{"item":"kita","amountCents":"# + amount + "}]}"))
            }
            // bigint's own bounds are amounts like any other: out of the item's range, never an overflow.
            for amount in ["9223372036854775807", "-9223372036854775808"] {
                let response = try await put(amount)
                #expect(response.status == .unprocessableContent, "\(response.text)")
                #expect(try response.problem().errors?.map(\.field) == ["lines[0].amountCents"])
                #expect(try response.problem().errors?.compactMap(\.rule) == ["out-of-range"])
            }
            // Beyond bigint the JSON parser itself refuses the number (a 400, as for any
            // other body it cannot read), never a 500.
            #expect(try await put("92233720368547758070").status == .badRequest)
            var huge = Self.planner
            huge["maxDeficitCents"] = Int64.max
            huge["balanceRule"] = "max_deficit"
            let defined = try await client.send(.put, "/v1/campaigns/haushalt/planner", json: huge, token: setup.manager)
            #expect(defined.status == .unprocessableContent)
            #expect(try defined.problem().errors?.map(\.field) == ["maxDeficitCents"])
        }
    }

    @Test func theCampaignsCapabilitiesNameThePlanOnlyWhereAPlannerIsDefined() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            _ = try await VoteFixtures(database: database, clock: clock.clock).campaign("ohne", phase: .voting)
            let without = try await client.send(.get, "/v1/campaigns/ohne").json()["capabilities"] as? [String: Bool]
            #expect(without?["vote"] == true && without?["plan"] == false)
            _ = try await Self.setUp(client, database, clock: clock)
            let with = try await client.send(.get, "/v1/campaigns/haushalt").json()["capabilities"] as? [String: Bool]
            #expect(with?["plan"] == true)
            clock.advance(by: 2 * 86_400)
            let after = try await client.send(.get, "/v1/campaigns/haushalt").json()["capabilities"] as? [String: Bool]
            #expect(after?["plan"] == false)
        }
    }

    @Test func plansAreOpenOnlyInTheVotingPhase() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock, phase: .discussion)
            let early = try await client.send(.put, "/v1/campaigns/haushalt/planner/plan", json: Self.lines([]), token: setup.participant)
            #expect(early.status == .conflict)
            #expect(try early.problem().detail?.contains("discussion phase") == true)
        }
    }

    @Test func thePlannerIsFixedOnceAPlanIsSubmitted() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock)
            #expect(try await client.send(.put, "/v1/campaigns/haushalt/planner/plan", json: Self.lines([]), token: setup.participant).status == .ok)
            #expect(try await client.send(.post, "/v1/campaigns/haushalt/planner/plan/submit", token: setup.participant).status == .ok)
            let again = try await client.send(.put, "/v1/campaigns/haushalt/planner", json: Self.planner, token: setup.manager)
            #expect(again.status == .conflict)
        }
    }

    @Test func staffEnterPaperPlansAuditedAndCheckedLikeAnyOther() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock)
            var body = Self.lines([("kultur", 20_000)])
            body["channel"] = "paper"
            body["district"] = "Altona"
            #expect(
                try await client.send(.post, "/v1/campaigns/haushalt/planner/paper-plans", json: body, token: setup.participant).status == .forbidden)
            let stored = try await client.send(.post, "/v1/campaigns/haushalt/planner/paper-plans", json: body, token: setup.manager)
            #expect(stored.status == .created, "\(stored.text)")
            body["lines"] = [["item": "kultur", "amountCents": 60_000] as [String: any Sendable]]
            let refused = try await client.send(.post, "/v1/campaigns/haushalt/planner/paper-plans", json: body, token: setup.manager)
            #expect(try refused.problem().errors?.compactMap(\.rule) == ["unbalanced"])
            let row = try await database.query("SELECT channel, district, account_id IS NULL FROM plans")[0].decode((String, String?, Bool).self)
            #expect(row == ("paper", "Altona", true))
            #expect(try await database.query("SELECT count(*)::int FROM audit_events WHERE action = 'plan.enter'")[0].decode(Int.self) == 1)
        }
    }

    @Test func theSummaryIsTheStaffsBeforeTheResultsPhaseAndEveryonesAfter() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock)
            #expect(
                try await client.send(
                    .put, "/v1/campaigns/haushalt/planner/plan", json: Self.lines([("kultur", 30_000)], why: "Sparen"), token: setup.participant
                ).status == .ok)
            #expect(try await client.send(.post, "/v1/campaigns/haushalt/planner/plan/submit", token: setup.participant).status == .ok)
            #expect(try await client.send(.get, "/v1/campaigns/haushalt/planner/summary").status == .conflict)
            let staff = try await client.send(.get, "/v1/campaigns/haushalt/planner/summary", token: setup.manager)
            #expect(staff.status == .ok)
            let summary = try staff.json()
            #expect(summary["plans"] as? Int == 1)
            #expect(summary["balancedPlans"] as? Int == 1)
            #expect((summary["justifications"] as? [[String: Any]])?.first?["text"] as? String == "Sparen")
            clock.advance(by: 2 * 86_400)
            #expect(try await client.send(.get, "/v1/campaigns/haushalt/planner/summary").status == .ok)
        }
    }

    @Test func aProposalNamesThePlannerItemItWouldChange() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock)
            let proposal = try await VoteFixtures(database: database, clock: clock.clock).proposal(in: setup.campaign, area: "mitte", costCents: 100)
            let path = "/v1/proposals/\(proposal.uuidString)/planner-change"
            #expect(try await client.send(.put, path, json: ["item": "kita", "changeCents": 5_000], token: setup.participant).status == .forbidden)
            let linked = try await client.send(.put, path, json: ["item": "kita", "changeCents": -5_000], token: setup.manager)
            #expect(linked.status == .ok, "\(linked.text)")
            #expect(try linked.json()["changeCents"] as? Int == -5_000)
            let shown = try await client.send(.get, "/v1/proposals/\(proposal.uuidString)").json()
            let change = try #require(shown["plannerChange"] as? [String: Any])
            #expect(change["item"] as? String == "kita" && change["name"] as? String == "Kita" && change["changeCents"] as? Int == -5_000)
            #expect(try await client.send(.put, path, json: [String: any Sendable](), token: setup.manager).status == .ok)
            #expect(try await client.send(.get, "/v1/proposals/\(proposal.uuidString)").json()["plannerChange"] == nil)
            let unknown = try await client.send(.put, path, json: ["item": "hafen", "changeCents": 1], token: setup.manager)
            #expect(try unknown.problem().errors?.first?.field == "item")
        }
    }

    @Test func thePersonalDataExportCarriesTheDraftAndTheSubmittedPlan() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock)
            let path = "/v1/campaigns/haushalt/planner/plan"
            let plan = Self.lines([("kultur", 30_000)], why: "Sparen")
            #expect(try await client.send(.put, path, json: plan, token: setup.participant).status == .ok)
            #expect(try await client.send(.post, "\(path)/submit", token: setup.participant).status == .ok)
            let export = try await client.send(.get, "/v1/me/export", token: setup.participant)
            #expect(export.status == .ok)
            let plans = try #require(try export.json()["plans"] as? [[String: Any]])
            #expect(Set(plans.compactMap { $0["status"] as? String }) == ["draft", "submitted"])
            let submitted = try #require(plans.first { $0["status"] as? String == "submitted" })
            #expect(submitted["campaign"] as? String == "haushalt")
            #expect(submitted["submittedAt"] is String)
            #expect(submitted["balanceCents"] as? Int == 10_000)
            let line = try #require((submitted["lines"] as? [[String: Any]])?.first)
            #expect(line["item"] as? String == "kultur" && line["amountCents"] as? Int == 30_000)
            #expect(line["justification"] as? String == "Sparen" && line["justificationStatus"] as? String != nil)
        }
    }

    @Test func preModeratedJustificationsWaitInAPagedQueueUntilPublished() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock)
            try await database.query("UPDATE campaigns SET comment_moderation = 'pre' WHERE slug = 'haushalt'")
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await accounts.member(try await accounts.account("Moritz"), of: "finanzen", as: .moderator)
            let moderator = try await accounts.login("Moritz")
            let path = "/v1/campaigns/haushalt/planner/plan"
            let plan = Self.lines([("kultur", 30_000), ("kita", 70_000)], why: "Sparen")
            #expect(try await client.send(.put, path, json: plan, token: setup.participant).status == .ok)
            #expect(try await client.send(.post, "\(path)/submit", token: setup.participant).status == .ok)
            let queue = "/v1/campaigns/haushalt/planner/justifications/pending"
            #expect(try await client.send(.get, queue, token: setup.participant).status == .forbidden)
            #expect(try await client.send(.get, queue).status == .unauthorized)
            let bad = try await client.send(.get, "\(queue)?cursor=bm9wZQ==", token: moderator)
            #expect(bad.status == .unprocessableContent)
            let badField = try bad.problem().errors?.first?.field
            #expect(badField == "cursor")
            // Two pending lines, one per page; nothing reaches the summary yet.
            let first = try await client.send(.get, "\(queue)?limit=1", token: moderator)
            #expect(first.status == .ok, "\(first.text)")
            let firstItems = try #require(try first.json()["items"] as? [[String: Any]])
            #expect(firstItems.map { $0["item"] as? String } == ["kita"])
            let cursor = try #require(try first.json()["nextCursor"] as? String)
            let second = try await client.send(.get, "\(queue)?limit=1&cursor=\(cursor)", token: moderator)
            let secondItems = try #require(try second.json()["items"] as? [[String: Any]])
            #expect(secondItems.map { $0["item"] as? String } == ["kultur"])
            let end = try second.json()["nextCursor"]
            #expect(end == nil || end is NSNull)
            var summary = try await client.send(.get, "/v1/campaigns/haushalt/planner/summary", token: setup.manager).json()
            #expect((summary["justifications"] as? [Any])?.isEmpty == true)
            // The moderation statistics count them beside the comments' queue.
            clock.advance(by: 90)
            var stats = try await client.send(.get, "/v1/moderation/stats?campaign=haushalt", token: moderator).json()
            #expect(stats["pendingJustifications"] as? Int == 2)
            #expect(stats["oldestPendingJustificationSeconds"] as? Double == 90)
            // Publishing one takes it out of the queue and into the summary.
            let planID = try #require(firstItems.first?["planId"] as? String)
            let decided = try await client.send(
                .post, "/v1/campaigns/haushalt/planner/justifications/decisions", json: ["planId": planID, "item": "kita", "decision": "publish"],
                token: moderator)
            #expect(decided.status == .noContent)
            let rest = try #require(try await client.send(.get, queue, token: moderator).json()["items"] as? [[String: Any]])
            #expect(rest.map { $0["item"] as? String } == ["kultur"])
            summary = try await client.send(.get, "/v1/campaigns/haushalt/planner/summary", token: setup.manager).json()
            #expect((summary["justifications"] as? [[String: Any]])?.map { $0["item"] as? String } == ["kita"])
            stats = try await client.send(.get, "/v1/moderation/stats?campaign=haushalt", token: moderator).json()
            #expect(stats["pendingJustifications"] as? Int == 1)
        }
    }

    @Test func aReplacedDraftKeepsOnlyItsNewLines() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock)
            let path = "/v1/campaigns/haushalt/planner/plan"
            func lines(_ plan: [String: any Sendable]) async throws -> [String] {
                let response = try await client.send(.put, path, json: plan, token: setup.participant)
                #expect(response.status == .ok)
                let draft = try response.json()["draft"] as? [String: Any]
                return ((draft?["lines"] as? [[String: Any]]) ?? []).compactMap { $0["item"] as? String }
            }
            #expect(try await lines(Self.lines([("kita", 90_000), ("kultur", 30_000)], why: "Mehr Plätze")) == ["kita", "kultur"])
            #expect(try await lines(Self.lines([("kultur", 32_000)])) == ["kultur"])
            #expect(try await lines(Self.lines([])) == [])
            let stored = try await database.query("SELECT count(*)::int FROM plan_lines")[0].decode(Int.self)
            #expect(stored == 0)
        }
    }

    @Test func erasureWithdrawsPlansWhilePlansAreOpen() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let setup = try await Self.setUp(client, database, clock: clock)
            #expect(try await client.send(.put, "/v1/campaigns/haushalt/planner/plan", json: Self.lines([]), token: setup.participant).status == .ok)
            #expect(try await client.send(.post, "/v1/campaigns/haushalt/planner/plan/submit", token: setup.participant).status == .ok)
            let erased = try await client.send(.delete, "/v1/me", json: ["password": AccountFixtures.password], token: setup.participant)
            #expect(erased.status == .noContent)
            #expect(try await database.query("SELECT count(*)::int FROM plans")[0].decode(Int.self) == 0)
        }
    }
}
