import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// plans.csv and planner-summary.csv: anonymous, formula-safe, German by default, and the
/// summary recomputed independently — in SQL from the rows of plans.csv — equals the
/// service's figures.
@Suite struct PlannerExportTests {
    /// Revenue 1,000 € (tax ±30 %, steps of 10 €); expenses Kita 600 € and culture 400 €
    /// (±50 %, steps of 20 €). Baseline balance 0.
    static let spec = PlannerSpec(
        title: "Exporthaushalt", balanceRule: "free", projectionYears: 0,
        areas: [
            .init(
                key: "einnahmen", name: "Einnahmen",
                items: [.init(key: "steuer", name: "=Steuer", side: .revenue, baselineCents: 100_000, rangePercent: 30, stepCents: 1_000)]),
            .init(
                key: "ausgaben", name: "Ausgaben",
                items: [
                    .init(key: "kita", name: "Kita", side: .expense, baselineCents: 60_000, rangePercent: 50, stepCents: 2_000),
                    .init(key: "kultur", name: "Kultur", side: .expense, baselineCents: 40_000, rangePercent: 50, stepCents: 2_000),
                ]),
        ])

    @Test func theSummaryRecomputedInSQLFromPlansCSVEqualsTheServices() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = VoteFixtures(database: database, clock: clock.clock)
            let campaign = try await fixtures.campaign("haushalt", phase: .voting)
            let service = PlannerService(database: database, clock: clock.clock)
            _ = try await service.define(Self.spec, campaign: campaign, by: .commandLine)
            // 61 plans with a spread of changes (a fixed pseudo-random walk), some keeping everything.
            var state: UInt64 = 7
            for account in try await fixtures.participants(61) {
                func next(_ steps: Int64) -> Int64 {
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    return Int64((state >> 33) % UInt64(2 * steps + 1)) - steps
                }
                let lines = [
                    PlanLine(item: "steuer", amountCents: 100_000 + next(30) * 1_000),
                    PlanLine(item: "kita", amountCents: 60_000 + next(15) * 2_000),
                    PlanLine(item: "kultur", amountCents: 40_000 + next(10) * 2_000, justification: "=HYPERLINK(\"x\")"),
                ]
                _ = try await service.saveDraft(campaign: campaign, lines: lines, by: account)
                _ = try await service.submit(campaign: campaign, by: account)
            }
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await accounts.member(try await accounts.account("Mia"), of: "finanzen", as: .manager)
            let token = try await accounts.login("Mia")

            let german = try await client.send(.get, "/v1/campaigns/haushalt/exports/plans.csv", token: token, headers: [.acceptLanguage: "de"])
            #expect(german.status == .ok)
            #expect(CSVReader.rows(german.text).first == ["Nr.", "Kanal", "Bezirk", "Saldo (Cent)", "steuer", "kita", "kultur"])
            #expect(!german.text.contains("HYPERLINK"), "justifications are not in plans.csv")

            let csv = CSVReader.rows(try await client.send(.get, "/v1/campaigns/haushalt/exports/plans.csv?lang=en", token: token).text)
            #expect(csv.count == 62)
            // Load the CSV's rows into a table and compute every figure in SQL.
            try await database.query("CREATE TABLE csv_plans (number int, item text, change bigint, balance bigint)")
            let items = ["steuer": 100_000, "kita": 60_000, "kultur": 40_000] as [String: Int64]
            for row in csv.dropFirst() {
                for (offset, item) in ["steuer", "kita", "kultur"].enumerated() {
                    let change = Int64(row[4 + offset])! - items[item]!
                    try await database.query(
                        "INSERT INTO csv_plans VALUES (\(Int(row[0])!), \(item), \(change), \(Int64(row[3])!))")
                }
            }
            let sql = try await database.query(
                """
                SELECT item, count(*) FILTER (WHERE change > 0)::int, count(*) FILTER (WHERE change < 0)::int,
                       count(*) FILTER (WHERE change = 0)::int,
                       percentile_disc(0.25) WITHIN GROUP (ORDER BY change), percentile_disc(0.5) WITHIN GROUP (ORDER BY change),
                       percentile_disc(0.75) WITHIN GROUP (ORDER BY change), round(avg(change))::bigint
                FROM csv_plans GROUP BY item ORDER BY item
                """
            ).map { try $0.decode((String, Int, Int, Int, Int64, Int64, Int64, Int64).self) }
            let overall = try await database.query(
                """
                SELECT count(*) FILTER (WHERE balance >= 0)::int, percentile_disc(0.5) WITHIN GROUP (ORDER BY balance)
                FROM (SELECT DISTINCT number, balance FROM csv_plans) p
                """)[0].decode((Int, Int64).self)

            let planner = try await service.planner(of: campaign)
            let summary = try await service.freshSummary(planner)
            let swift = summary.items.sorted { $0.item < $1.item }.map {
                ($0.item, $0.raised, $0.lowered, $0.kept, $0.lowerQuartileCents, $0.medianCents, $0.upperQuartileCents, $0.meanCents)
            }
            #expect(sql.count == swift.count)
            for (a, b) in zip(sql, swift) { #expect("\(a)" == "\(b)") }
            #expect(overall.0 == summary.balancedPlans)
            #expect(overall.1 == summary.medianBalanceCents)

            // planner-summary.csv carries the same figures, and its names are formula-safe.
            let figures = CSVReader.rows(try await client.send(.get, "/v1/campaigns/haushalt/exports/planner-summary.csv?lang=en", token: token).text)
            #expect(figures.first?.first == "item")
            let tax = try #require(figures.first { $0.first == "steuer" })
            #expect(tax[1] == "'=Steuer")
            let taxSQL = try #require(sql.first { $0.0 == "steuer" })
            #expect(tax[12] == String(taxSQL.5) && tax[14] == String(taxSQL.7))
        }
    }

    /// plans.csv names a district only where the summary does: districts under five plans
    /// are blank, and when the blank rows would be a group under five, the smallest named
    /// district is blanked too.
    @Test func plansCSVNamesTheDistrictsTheSummaryNames() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let campaign = try await VoteFixtures(database: database, clock: clock.clock).campaign("haushalt", phase: .voting)
            let service = PlannerService(database: database, clock: clock.clock)
            _ = try await service.define(Self.spec, campaign: campaign, by: .commandLine)
            // Bergedorf (2) and no district (1) make three: Altona (5), the smallest, joins them.
            for (district, count) in [("Altona", 5), ("Barmbek", 6), ("Bergedorf", 2), (nil, 1)] as [(String?, Int)] {
                for _ in 0..<count {
                    _ = try await service.enterPaperPlan(campaign: campaign, lines: [], channel: .paper, district: district, by: .commandLine)
                }
            }
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await accounts.member(try await accounts.account("Mia"), of: "finanzen", as: .manager)
            let token = try await accounts.login("Mia")
            let csv = CSVReader.rows(try await client.send(.get, "/v1/campaigns/haushalt/exports/plans.csv?lang=en", token: token).text)
            let districts = Dictionary(csv.dropFirst().map { ($0[2], 1) }, uniquingKeysWith: +)
            #expect(districts == ["Barmbek": 6, "": 8])
            let summary = try await service.freshSummary(try await service.planner(of: campaign))
            #expect(summary.districts.map(\.district) == ["Barmbek", ""])
            #expect(summary.districts.map(\.plans) == [6, 8])
        }
    }

    @Test func theBundleCarriesThePlannerFilesAndResultsJSONItsFigures() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = VoteFixtures(database: database, clock: clock.clock)
            let campaign = try await fixtures.campaign("haushalt", phase: .voting)
            let service = PlannerService(database: database, clock: clock.clock)
            _ = try await service.define(Self.spec, campaign: campaign, by: .commandLine)
            for account in try await fixtures.participants(3) {
                _ = try await service.saveDraft(
                    campaign: campaign, lines: [PlanLine(item: "kita", amountCents: 62_000, justification: "Mehr Kita")], by: account)
                _ = try await service.submit(campaign: campaign, by: account)
            }
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await accounts.member(try await accounts.account("Mia"), of: "finanzen", as: .manager)
            let token = try await accounts.login("Mia")
            let results = try await client.send(.get, "/v1/campaigns/haushalt/exports/results.json", token: token)
            let planner = try #require(try results.json()["planner"] as? [String: Any])
            #expect(planner["plans"] as? Int == 3)
            let bundle = try await client.send(.get, "/v1/campaigns/haushalt/exports/bundle.zip", token: token)
            let files = StoredZip.entries(Array(bundle.body.readableBytesView))
            #expect(files["plans.csv"] != nil && files["planner-summary.csv"] != nil)
            let manifest = try JSONSerialization.jsonObject(with: Data(try #require(files["manifest.json"]))) as? [String: Any]
            let listed = (manifest?["files"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
            #expect(listed.contains("plans.csv") && listed.contains("planner-summary.csv"))
            for language in ["de", "en"] {
                let report = try await client.send(.get, "/v1/campaigns/haushalt/exports/report.html?lang=\(language)", token: token).text
                #expect(report.contains(language == "de" ? "Haushaltsrechner" : "Budget planner"))
                #expect(report.contains("-desc\">\(language == "de" ? "Verteilung" : "Distribution")"))
            }
            // A campaign without a planner has no planner files.
            _ = try await fixtures.campaign("dialog", phase: .voting, kind: .dialogue)
            #expect(try await client.send(.get, "/v1/campaigns/dialog/exports/plans.csv", token: token).status == .notFound)
        }
    }
}
