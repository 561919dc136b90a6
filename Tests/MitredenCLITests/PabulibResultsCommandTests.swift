import Foundation
import TestSupport
import Testing

/// `mitreden pabulib results` reproduces every worked example in shared/pb/expected.json.
@Suite struct PabulibResultsCommandTests {
    struct Outcome: Decodable {
        let selected: [String]
        let cost: Decimal
    }

    static let examples = TestCluster.repositoryRoot.deletingLastPathComponent().appending(path: "shared/pb")

    @Test(arguments: ["syn1_groups_and_lexicographic_ties.pb", "syn2_edge_cases.pb", "syn3_cumulative_points.pb"])
    func reproducesTheExpectedOutcomes(file: String) async throws {
        let expectedData = try Data(contentsOf: Self.examples.appending(path: "expected.json"))
        let expected = try #require(try JSONDecoder().decode([String: [String: Outcome]].self, from: expectedData)[file])
        let result = try await MitredenBinary.run(
            ["pabulib", "results", Self.examples.appending(path: file).path], environment: ["PATH": "/usr/bin:/bin"]
        )
        #expect(result.status == 0)
        let jsonStart = try #require(result.output.firstIndex(of: "{"))
        let actual = try JSONDecoder().decode([String: Outcome].self, from: Data(result.output[jsonStart...].utf8))
        #expect(Set(actual.keys) == Set(expected.keys))
        for (rule, outcome) in expected {
            #expect(Set(actual[rule]?.selected ?? []) == Set(outcome.selected), "\(file) \(rule)")
            #expect(actual[rule]?.cost == outcome.cost, "\(file) \(rule)")
        }
    }

    @Test func aMalformedFileIsRefusedWithItsLineNumber() async throws {
        let path = FileManager.default.temporaryDirectory.appending(path: "bad-\(UUID().uuidString).pb")
        try "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;50\n1;60\nVOTES\nvoter_id;vote\nv1;1\n"
            .write(to: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: path) }
        let result = try await MitredenBinary.run(["pabulib", "results", path.path], environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 1)
        #expect(result.output.contains("line 8"), "\(result.output)")
    }
}
