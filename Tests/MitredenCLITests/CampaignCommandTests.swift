import Foundation
import MitredenAPI
import MitredenStore
import TestSupport
import Testing

/// `mitreden campaign …` run as the real binary against a fresh database.
@Suite struct CampaignCommandTests {
    static func run(_ arguments: [String], _ url: DatabaseURL) async throws -> (status: Int32, output: String) {
        try await MitredenBinary.run(arguments, environment: MitredenBinary.environment(database: url))
    }

    static func write(_ text: String, name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appending(path: "\(UUID().uuidString)-\(name)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static var example: String {
        get throws {
            try String(contentsOf: TestCluster.repositoryRoot.appending(path: "Deploy/examples/campaign-bezirk-budget.yaml"), encoding: .utf8)
        }
    }

    @Test func theDocumentedExampleCreatesAWholeCampaign() async throws {
        try await withTestDatabase { url, database in
            #expect(try await Self.run(["unit", "create", "bezirksamt-mitte", "--name", "Bezirksamt Mitte"], url).status == 0)
            let created = try await Self.run(["campaign", "create", "--file", try Self.write(try Self.example, name: "c.yaml")], url)
            #expect(created.status == 0, "\(created.output)")
            let campaign = try #require(try await Campaigns.find(slug: "bezirksbudget-2027", on: database))
            #expect(campaign.status == .draft)
            #expect(campaign.phases.map(\.kind.rawValue) == ["proposals", "discussion", "voting", "evaluation", "results"])
            #expect(campaign.areas.map(\.budgetCents) == [30_000_000, 25_000_000, 25_000_000, 40_000_000])
            #expect(campaign.fields.settings.ballot?.method == .knapsack)

            let list = try await Self.run(["campaign", "list"], url)
            #expect(list.output.split(separator: "\n").contains { $0.hasPrefix("bezirksbudget-2027  draft   budget") }, "\(list.output)")
            #expect(try await Self.run(["campaign", "publish", "bezirksbudget-2027"], url).status == 0)
            let phases = try await Self.run(
                [
                    "campaign", "phases", "set", "bezirksbudget-2027",
                    "--phase", "voting=2030-01-01T00:00:00+01:00/2030-02-01T00:00:00+01:00",
                    "--phase", "results=2030-02-01T00:00:00+01:00/2030-03-01T00:00:00+01:00", "--yes",
                ], url)
            #expect(phases.status == 0, "\(phases.output)")
            let show = try await Self.run(["campaign", "show", "bezirksbudget-2027"], url)
            #expect(show.output.contains("status: published"), "\(show.output)")
            #expect(show.output.contains("area hamm: Hamm, budget 400000 €"), "\(show.output)")
            #expect(try await Campaigns.find(slug: "bezirksbudget-2027", on: database)?.phases.count == 2)
        }
    }

    /// The campaign row is written before the duplicate category is met in the database:
    /// the transaction must take it back.
    @Test func aBadFileLeavesNothingBehindAndNamesTheLineAndField() async throws {
        try await withTestDatabase { url, database in
            #expect(try await Self.run(["unit", "create", "bezirksamt-mitte", "--name", "Bezirksamt Mitte"], url).status == 0)
            let duplicate = try Self.example.replacingOccurrences(of: "{ slug: soziales,", with: "{ slug: verkehr,")
            let result = try await Self.run(["campaign", "create", "-f", try Self.write(duplicate, name: "dup.yaml")], url)
            #expect(result.status != 0)
            #expect(result.output.contains("dup.yaml:31: categories[2].slug: 'verkehr' appears twice"), "\(result.output)")
            for table in ["campaigns", "phases", "categories", "budget_areas"] {
                #expect(try await database.query("SELECT count(*)::int FROM \(unescaped: table)")[0].decode(Int.self) == 0, "\(table)")
            }

            let typo = try Self.example.replacingOccurrences(of: "minSpendPercent: 0", with: "minSpendPercnt: 0")
            let second = try await Self.run(["campaign", "create", "-f", try Self.write(typo, name: "typo.yaml")], url)
            #expect(second.output.contains("typo.yaml:16: settings.ballot.minSpendPercnt: is not a known key"), "\(second.output)")

            let overlap = try Self.example.replacingOccurrences(
                of: "endsAt: \"2027-03-20T00:00:00+01:00\"", with: "endsAt: \"2027-04-02T00:00:00+02:00\"")
            let third = try await Self.run(["campaign", "create", "-f", try Self.write(overlap, name: "overlap.yaml")], url)
            #expect(third.output.contains("overlap.yaml:24: phases[2].startsAt: the voting phase overlaps the discussion phase"), "\(third.output)")

            let broken = try await Self.run(["campaign", "create", "-f", try Self.write("slug: x\n  title: [\n", name: "broken.yaml")], url)
            #expect(broken.output.contains("broken.yaml:2: not valid YAML or JSON"), "\(broken.output)")
            #expect(try await Campaigns.count(on: database) == 0)
        }
    }

    @Test func jsonFilesWorkToo() async throws {
        try await withTestDatabase { url, database in
            #expect(try await Self.run(["unit", "create", "planung", "--name", "Planung"], url).status == 0)
            let json = """
                {"unit": "planung", "slug": "domplatz", "title": "Domplatz", "kind": "dialogue",
                 "commentModeration": "pre",
                 "phases": [{"kind": "discussion", "startsAt": "2027-01-01T00:00:00Z", "endsAt": "2027-02-01T00:00:00Z"}]}
                """
            let result = try await Self.run(["campaign", "create", "-f", try Self.write(json, name: "c.json")], url)
            #expect(result.status == 0, "\(result.output)")
            #expect(try await Campaigns.find(slug: "domplatz", on: database)?.fields.commentModeration == .pre)
        }
    }
}
