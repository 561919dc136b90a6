import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// Implementation updates after the official response, the public accountability list, and
/// the response-time figures — which must equal what anyone recomputes from
/// accountability.csv.
@Suite struct AccountabilityAndFiguresTests {
    @Test func theFiguresEqualAnIndependentComputationFromTheExportedCSV() async throws {
        let clock = ManualClock(ResponsibilityFixtures.moment("2027-01-04", hour: 9))  // Monday
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = ResponsibilityFixtures(database: database, clock: clock)
            let logins = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await fixtures.loadHamburgHolidays()
            let olga = try await fixtures.account("Olga", .official, of: "figuren-a")
            let otto = try await fixtures.account("Otto", .official, of: "figuren-b")
            _ = try await fixtures.account("Ada", admin: true)
            let paula = try await fixtures.account("Paula")
            let campaign = try await fixtures.campaign("zahlen", unit: "figuren-a", promise: ResponsePromise(workingDays: 3, reminderDaysBefore: 1))
            try await database.withTransaction { tx in
                try await CampaignRoutes.replace([CampaignRoute(category: "verkehr", area: nil, unit: "figuren-b")], of: campaign.id, on: tx)
            }
            // Monday: three proposals; Tuesday one; Wednesday one.
            let p1 = try await fixtures.proposal("Eins", in: "zahlen", by: paula)
            let p2 = try await fixtures.proposal("=Zwei", in: "zahlen", by: paula)  // formula-like title
            let p3 = try await fixtures.proposal("Drei", in: "zahlen", by: paula, category: "verkehr")
            fixtures.at("2027-01-05", hour: 10)
            try await fixtures.respond(to: p1.id, by: olga)  // 1 working day, in time
            _ = try await fixtures.proposal("Vier", in: "zahlen", by: paula, category: "verkehr")  // never answered: overdue
            fixtures.at("2027-01-06", hour: 10)
            let p6 = try await fixtures.proposal("Sechs", in: "zahlen", by: paula)
            fixtures.at("2027-01-07", hour: 16)
            try await fixtures.respond(to: p3.id, by: otto)  // 3, on the due day
            fixtures.at("2027-01-08", hour: 9)
            try await fixtures.respond(to: p2.id, by: olga)  // 4, a day late
            fixtures.at("2027-01-11", hour: 17)
            try await fixtures.respond(to: p6.id, by: olga)  // 3, on the due day
            fixtures.at("2027-01-13", hour: 10)
            _ = try await fixtures.proposal("Fünf", in: "zahlen", by: paula)  // still within its time

            let export = try await client.send(.get, "/v1/campaigns/zahlen/exports/accountability.csv", token: try await logins.login("Ada"))
            #expect(export.status == .ok, "\(export.text)")
            let rows = CSVReader.rows(export.text)
            #expect(rows.first == AccountabilityCSVExport.header)
            let column = Dictionary(uniqueKeysWithValues: AccountabilityCSVExport.header.enumerated().map { ($1, $0) })
            let lines = rows.dropFirst().filter { $0.count == rows[0].count }
            #expect(lines.count == 6)
            #expect(lines.contains { $0[column["title"]!] == "'=Zwei" }, "formula-safe")

            // Independently: weekdays and the holiday file, nothing of Mitreden's calendar code.
            let holidays = Set(
                ResponsibilityFixtures.hamburgHolidays.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { String($0.prefix(10)) })
            func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text + "T12:00:00Z")! }
            func workingDays(_ from: String, _ to: String) -> Int {
                var utc = Calendar(identifier: .gregorian)
                utc.timeZone = TimeZone(identifier: "UTC")!
                var count = 0
                var day = date(from)
                while day < date(to) {
                    day = utc.date(byAdding: .day, value: 1, to: day)!
                    let weekday = utc.component(.weekday, from: day)
                    let text = String(ISO8601DateFormatter().string(from: day).prefix(10))
                    if weekday != 1, weekday != 7, !holidays.contains(text) { count += 1 }
                }
                return count
            }
            struct Expected: Equatable {
                var proposals = 0
                var answered = 0
                var inTime = 0
                var decided = 0
                var overdue = 0
                var median: Int? = nil
                var p90: Int? = nil
                var days: [Int] = []
            }
            var expected: [String: Expected] = [:]
            for line in lines {
                let (unit, published, due, responded) = (
                    line[column["unit"]!], line[column["published_on"]!], line[column["due_on"]!], line[column["responded_on"]!]
                )
                for key in ["", unit] {
                    var figure = expected[key] ?? Expected()
                    figure.proposals += 1
                    if !responded.isEmpty {
                        let days = workingDays(published, responded)
                        #expect(line[column["working_days_to_response"]!] == String(days))
                        figure.answered += 1
                        figure.decided += 1
                        figure.days.append(days)
                        if responded <= due { figure.inTime += 1 }
                    } else if "2027-01-13" > due {
                        figure.overdue += 1
                        figure.decided += 1
                        #expect(line[column["overdue_now"]!] == "yes")
                    }
                    expected[key] = figure
                }
            }
            for key in expected.keys {
                let sorted = expected[key]!.days.sorted()
                func rank(_ p: Double) -> Int? { sorted.isEmpty ? nil : sorted[max(Int((p * Double(sorted.count)).rounded(.up)), 1) - 1] }
                expected[key]!.median = rank(0.5)
                expected[key]!.p90 = rank(0.9)
            }
            #expect(expected[""]?.days.sorted() == [1, 3, 3, 4])
            #expect(expected["figuren-b"]?.overdue == 1)

            let figures = try await client.send(.get, "/v1/campaigns/zahlen/response-times")
            #expect(figures.status == .ok, "\(figures.text)")
            #expect(try figures.json()["promisedWorkingDays"] as? Int == 3)
            let served = try #require(try figures.json()["figures"] as? [[String: Any]])
            #expect(served.count == 3)
            for figure in served {
                let key = figure["unit"] as? String ?? ""
                let mine = try #require(expected[key], "unit \(key)")
                #expect(figure["proposals"] as? Int == mine.proposals, "\(key)")
                #expect(figure["answered"] as? Int == mine.answered, "\(key)")
                #expect(figure["medianWorkingDays"] as? Int == mine.median, "\(key)")
                #expect(figure["p90WorkingDays"] as? Int == mine.p90, "\(key)")
                #expect(figure["answeredInTime"] as? Int == mine.inTime, "\(key)")
                #expect(figure["decided"] as? Int == mine.decided, "\(key)")
                #expect(figure["overdueNow"] as? Int == mine.overdue, "\(key)")
                let share = mine.decided == 0 ? nil : Double(mine.inTime) / Double(mine.decided)
                #expect(figure["shareInTime"] as? Double == share, "\(key)")
            }

            // The same figures as gauges per unit, read at the scrape, without personal data.
            let metrics = try await client.send(.get, "/metrics").text
            #expect(
                metrics.contains("mitreden_response_overdue{unit=\"figuren-b\"} 1"),
                "\(metrics.split(separator: "\n").filter { $0.contains("response") })")
            #expect(metrics.contains("mitreden_response_p90_working_days{unit=\"figuren-a\"} 4"))
            #expect(!metrics.contains("example.org"))

            // The report has the chapter, in German by default.
            let report = try await client.send(.get, "/v1/campaigns/zahlen/exports/report.html?lang=de", token: try await logins.login("Ada"))
            #expect(report.text.contains("Antwortzeiten und Rechenschaft"))
            #expect(report.text.contains("innerhalb von 3 Arbeitstagen"))
        }
    }

    @Test func implementationUpdatesFollowTheResponseAndTheListShowsTheLatest() async throws {
        let clock = ManualClock(ResponsibilityFixtures.moment("2027-01-04", hour: 9))
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = ResponsibilityFixtures(database: database, clock: clock)
            let logins = AccountFixtures(client: client, database: database, clock: clock.clock)
            let olga = try await fixtures.account("Olga", .official, of: "unit-a")
            _ = try await fixtures.account("Otto", .official, of: "unit-b")
            let paula = try await fixtures.account("Paula")
            try await fixtures.campaign("domplatz", promise: ResponsePromise(workingDays: 10))
            let answered = try await fixtures.proposal("Bänke", in: "domplatz", by: paula)
            let waiting = try await fixtures.proposal("Brunnen", in: "domplatz", by: paula)
            let token = try await logins.login("Olga")
            #expect(
                try await client.send(.post, "/v1/proposals/\(waiting.id)/implementation-updates", json: ["status": "planned"], token: token)
                    .status == .conflict, "no update before the official response")
            try await fixtures.respond(to: answered.id, by: olga)
            let path = "/v1/proposals/\(answered.id)/implementation-updates"
            let noReason = try await client.send(.post, path, json: ["status": "not_done"], token: token)
            #expect(noReason.status == .unprocessableContent)
            #expect(try noReason.problem().errors?.map(\.field) == ["reason"])
            let badDay = try await client.send(.post, path, json: ["status": "planned", "effectiveOn": "2027-02-30"], token: token)
            #expect(try badDay.problem().errors?.map(\.field) == ["effectiveOn"])
            let badStatus = try await client.send(.post, path, json: ["status": "finished"], token: token)
            #expect(badStatus.status == .unprocessableContent || badStatus.status == .badRequest)
            #expect(try await client.send(.post, path, json: ["status": "planned"], token: try await logins.login("Otto")).status == .forbidden)
            #expect(try await client.send(.post, path, json: ["status": "planned"]).status == .unauthorized)
            let planned = try await client.send(
                .post, path, json: ["status": "planned", "effectiveOn": "2027-04-01", "note": "Im Frühjahr."], token: token)
            #expect(planned.status == .created, "\(planned.text)")
            // Long after: not done, with the reason.
            clock.advance(by: 200 * 86_400)
            let notDone = try await client.send(
                .post, path, json: ["status": "not_done", "reason": "Leitungen im Boden."], token: try await logins.login("Olga"))
            #expect(notDone.status == .created)
            let history = try await client.send(.get, path)
            #expect(try history.items().map { $0["status"] as? String } == ["planned", "not_done"])

            let first = try await client.send(.get, "/v1/campaigns/domplatz/accountability?limit=1")
            #expect(first.status == .ok, "\(first.text)")
            let cursor = try #require(try first.json()["nextCursor"] as? String)
            let second = try await client.send(.get, "/v1/campaigns/domplatz/accountability?limit=1&cursor=\(cursor)")
            let all = try first.items() + second.items()
            let secondBody = try second.json()
            #expect(!(secondBody["nextCursor"] is String), "two proposals, two pages")
            let byTitle = Dictionary(uniqueKeysWithValues: all.map { ($0["title"] as? String ?? "", $0) })
            #expect(byTitle["Bänke"]?["implementation"] as? String == "not_done")
            #expect(byTitle["Bänke"]?["implementationReason"] as? String == "Leitungen im Boden.")
            #expect(byTitle["Bänke"]?["responseStatus"] as? String == "accepted")
            #expect(byTitle["Brunnen"]?["implementation"] == nil && byTitle["Brunnen"]?["dueOn"] as? String == "2027-01-18")
            let badCursor = try await client.send(.get, "/v1/campaigns/domplatz/accountability?cursor=nope")
            #expect(try badCursor.problem().errors?.map(\.field) == ["cursor"])
        }
    }
}
