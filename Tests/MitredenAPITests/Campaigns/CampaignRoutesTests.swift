import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// Campaign routes: schedules, capabilities by the clock, who sees drafts, who may edit.
@Suite struct CampaignRoutesTests {
    static let day: TimeInterval = 86_400

    static func time(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    /// A dialogue campaign body whose proposals phase starts one day after `start`, then
    /// discussion and voting of one week each.
    static func campaign(_ slug: String, unit: String, start: Date, phases: [[String: any Sendable]]? = nil) -> [String: any Sendable] {
        let schedule =
            phases ?? [
                ["kind": "information", "startsAt": time(start), "endsAt": time(start + day)],
                ["kind": "proposals", "startsAt": time(start + day), "endsAt": time(start + 8 * day)],
                ["kind": "discussion", "startsAt": time(start + 8 * day), "endsAt": time(start + 15 * day)],
            ]
        return [
            "unit": unit, "slug": slug, "title": "Domplatz", "kind": "dialogue", "phases": schedule,
            "settings": ["ratingsEnabled": true], "categories": [["slug": "gruen", "name": "Grün"]],
        ]
    }

    @Test func overlappingOrReversedWindowsAre422NamingThePhase() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await fixtures.member(try await fixtures.account("Mara"), of: "planung", as: .manager)
            let token = try await fixtures.login("Mara")
            let start = clock.now
            let overlapping: [[String: any Sendable]] = [
                ["kind": "proposals", "startsAt": Self.time(start), "endsAt": Self.time(start + 10 * Self.day)],
                ["kind": "voting", "startsAt": Self.time(start + 9 * Self.day), "endsAt": Self.time(start + 20 * Self.day)],
            ]
            let refused = try await client.send(
                .post, "/v1/campaigns", json: Self.campaign("a", unit: "planung", start: start, phases: overlapping), token: token)
            #expect(refused.status == .unprocessableContent)
            let problem = try refused.problem()
            #expect(problem.errors?.first?.field == "phases[1].startsAt")
            #expect(problem.errors?.first?.message.contains("voting phase overlaps the proposals phase") == true)

            let reversed: [[String: any Sendable]] = [["kind": "results", "startsAt": Self.time(start + Self.day), "endsAt": Self.time(start)]]
            let second = try await client.send(
                .post, "/v1/campaigns", json: Self.campaign("b", unit: "planung", start: start, phases: reversed), token: token)
            #expect(second.status == .unprocessableContent)
            #expect(try second.problem().errors?.first?.message.contains("results phase must end after it starts") == true)
            #expect(try await Campaigns.count(on: database) == 0)

            // The same checks when the schedule of an existing campaign is replaced.
            #expect(
                try await client.send(.post, "/v1/campaigns", json: Self.campaign("c", unit: "planung", start: start), token: token).status
                    == .created)
            let replaced = try await client.send(.put, "/v1/campaigns/c/phases", json: ["phases": overlapping], token: token)
            #expect(replaced.status == .unprocessableContent)
            #expect(try replaced.problem().errors?.first?.field == "phases[1].startsAt")
            let kept = try await client.send(.get, "/v1/campaigns/c", token: token).json()
            #expect((kept["phases"] as? [Any])?.count == 3)
        }
    }

    @Test func theDatabaseRefusesOverlapsEvenWhenTheCodeIsBypassed() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            try await fixtures.member(try await fixtures.account("Mara"), of: "planung", as: .manager)
            let token = try await fixtures.login("Mara")
            #expect(
                try await client.send(.post, "/v1/campaigns", json: Self.campaign("d", unit: "planung", start: Date()), token: token).status
                    == .created)
            let refusal = await #expect(throws: (any Error).self) {
                try await database.query(
                    """
                    INSERT INTO phases (campaign_id, position, kind, starts_at, ends_at)
                    SELECT campaign_id, 9, 'voting', starts_at + interval '1 hour', ends_at FROM phases WHERE position = 1
                    """)
            }
            // Refused by the exclusion constraint itself, not by some other mistake in the statement.
            #expect(refusal.map { ServiceError(mapping: $0) } == .invalid("body", "violates phases_no_overlap"))
        }
    }

    @Test func capabilitiesFollowTheClockAcrossPhaseBoundaries() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await fixtures.member(try await fixtures.account("Mara"), of: "planung", as: .manager)
            let token = try await fixtures.login("Mara")
            #expect(
                try await client.send(.post, "/v1/campaigns", json: Self.campaign("domplatz", unit: "planung", start: clock.now), token: token).status
                    == .created)
            #expect(try await client.send(.post, "/v1/campaigns/domplatz/publish", token: token).status == .ok)

            func state() async throws -> (phase: String?, can: [String: Bool]) {
                let body = try await client.send(.get, "/v1/campaigns/domplatz").json()
                return (body["currentPhase"] as? String, body["capabilities"] as? [String: Bool] ?? [:])
            }
            var now = try await state()
            #expect(now.phase == "information")
            #expect(now.can.values.allSatisfy { !$0 })

            clock.advance(by: Self.day)  // exactly the start of the proposals phase (inclusive)
            now = try await state()
            #expect(now.phase == "proposals")
            #expect(
                now.can == [
                    "submitProposal": true, "comment": true, "support": true, "rate": true, "vote": false, "seeResults": false, "plan": false,
                ])

            clock.advance(by: 7 * Self.day)
            now = try await state()
            #expect(now.phase == "discussion")
            #expect(now.can["submitProposal"] == false)
            #expect(now.can["comment"] == true)

            clock.advance(by: 7 * Self.day)  // after the last window
            now = try await state()
            #expect(now.phase == nil)
            #expect(now.can.values.allSatisfy { !$0 })
        }
    }

    @Test func draftsAreSeenOnlyByStaffOfTheirUnit() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            try await fixtures.member(try await fixtures.account("Mara"), of: "planung", as: .manager)
            try await fixtures.member(try await fixtures.account("Otto"), of: "planung", as: .moderator)
            try await fixtures.member(try await fixtures.account("Bea"), of: "bezirk", as: .manager)
            try await fixtures.account("Paul")
            let manager = try await fixtures.login("Mara")
            #expect(
                try await client.send(.post, "/v1/campaigns", json: Self.campaign("entwurf", unit: "planung", start: Date()), token: manager).status
                    == .created)

            for name in ["Paul", "Bea"] {
                let token = try await fixtures.login(name)
                let hidden = try await client.send(.get, "/v1/campaigns/entwurf", token: token)
                #expect(hidden.status == .notFound, "\(name)")
                let list = try await client.send(.get, "/v1/campaigns", token: token).json()
                #expect((list["items"] as? [Any])?.isEmpty == true, "\(name)")
            }
            #expect(try await client.send(.get, "/v1/campaigns/entwurf").status == .notFound)
            #expect(try await client.send(.get, "/v1/campaigns/entwurf", token: try await fixtures.login("Otto")).status == .ok)

            #expect(try await client.send(.post, "/v1/campaigns/entwurf/publish", token: manager).status == .ok)
            #expect(try await client.send(.get, "/v1/campaigns/entwurf").status == .ok)
        }
    }

    @Test func aDraftOfAnotherUnitIsMissingNotForbiddenForItsStaff() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            try await fixtures.member(try await fixtures.account("Mara"), of: "planung", as: .manager)
            try await fixtures.member(try await fixtures.account("Bea"), of: "bezirk", as: .manager)
            let mara = try await fixtures.login("Mara")
            let bea = try await fixtures.login("Bea")
            #expect(
                try await client.send(.post, "/v1/campaigns", json: Self.campaign("entwurf", unit: "planung", start: Date()), token: mara).status
                    == .created)
            for response in [
                try await client.send(.patch, "/v1/campaigns/entwurf", json: ["title": "Übernommen"], token: bea),
                try await client.send(.put, "/v1/campaigns/entwurf/phases", json: ["phases": [String]()], token: bea),
                try await client.send(.post, "/v1/campaigns/entwurf/publish", token: bea),
                try await client.send(.get, "/v1/campaigns/entwurf", token: bea),
            ] {
                #expect(response.status == .notFound)
                #expect(try response.problem().detail == "no campaign 'entwurf'")
            }
        }
    }

    @Test func aManagerOfOneUnitCannotEditAnothersCampaign() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            try await fixtures.member(try await fixtures.account("Mara"), of: "planung", as: .manager)
            try await fixtures.member(try await fixtures.account("Bea"), of: "bezirk", as: .manager)
            let mara = try await fixtures.login("Mara")
            let bea = try await fixtures.login("Bea")
            #expect(
                try await client.send(.post, "/v1/campaigns", json: Self.campaign("domplatz", unit: "planung", start: Date()), token: mara).status
                    == .created)
            #expect(try await client.send(.post, "/v1/campaigns/domplatz/publish", token: mara).status == .ok)

            let patch = try await client.send(.patch, "/v1/campaigns/domplatz", json: ["title": "Übernommen"], token: bea)
            #expect(patch.status == .forbidden)
            #expect(try patch.problem().detail?.contains("manager role in unit planung") == true)
            #expect(try await client.send(.put, "/v1/campaigns/domplatz/phases", json: ["phases": [String]()], token: bea).status == .forbidden)
            // Nor may Bea create a campaign in Mara's unit.
            #expect(
                try await client.send(.post, "/v1/campaigns", json: Self.campaign("fremd", unit: "planung", start: Date()), token: bea).status
                    == .forbidden)

            let own = try await client.send(.patch, "/v1/campaigns/domplatz", json: ["title": "Domplatz 2027"], token: mara)
            #expect(own.status == .ok)
            #expect(try own.json()["title"] as? String == "Domplatz 2027")
            let audit = try await Audit.events(targetType: "campaign", targetID: "domplatz", on: database)
            #expect(audit.map(\.action) == ["campaign.create", "campaign.publish", "campaign.update"])
        }
    }

    /// PostgreSQL refuses NUL in text and dates beyond year 294276: the client hears why, with a 422.
    @Test func valuesTheDatabaseCannotStoreAre422NotA500() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            try await fixtures.member(try await fixtures.account("Mara"), of: "planung", as: .manager)
            let token = try await fixtures.login("Mara")
            var body = Self.campaign("nul", unit: "planung", start: Date())
            body["title"] = "Dom\u{0}platz"
            let nul = try await client.send(.post, "/v1/campaigns", json: body, token: token)
            #expect(nul.status == .unprocessableContent, "\(nul.text)")
            #expect(try nul.problem().errors?.first?.message.contains("NUL") == true)
            #expect(try await Campaigns.count(on: database) == 0)
        }
    }

    @Test func invalidFieldsAreEachNamed() async throws {
        try await withTestApp { client, database in
            let fixtures = AccountFixtures(client: client, database: database)
            try await fixtures.member(try await fixtures.account("Mara"), of: "planung", as: .manager)
            let token = try await fixtures.login("Mara")
            var body = Self.campaign("Not A Slug", unit: "planung", start: Date())
            body["title"] = "  "
            body["kind"] = "budget"
            body["areas"] = [["slug": "mitte", "name": "Mitte", "budgetCents": 0] as [String: any Sendable]]
            let response = try await client.send(.post, "/v1/campaigns", json: body, token: token)
            #expect(response.status == .unprocessableContent)
            let fields = Set(try response.problem().errors?.map(\.field) ?? [])
            #expect(fields == ["slug", "title", "settings.ballot", "areas[0].budgetCents"])
        }
    }
}
