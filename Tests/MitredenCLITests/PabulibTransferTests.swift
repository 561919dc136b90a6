import Foundation
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// `mitreden pabulib import|export` and `mitreden results compute`: files become closed
/// campaigns whose stored ballots give the same results as the file, and round-trip.
@Suite struct PabulibTransferTests {
    struct Outcome: Decodable {
        let selected: [String]
        let cost: Decimal
    }

    static let examples = PabulibResultsCommandTests.examples
    static let files = ["syn1_groups_and_lexicographic_ties.pb", "syn2_edge_cases.pb", "syn3_cumulative_points.pb"]

    static func election(_ file: String) throws -> PabulibElection {
        try PabulibParser.parse(String(contentsOf: examples.appending(path: file), encoding: .utf8))
    }

    static func transfer(_ database: Database) async throws -> PabulibTransfer {
        if try await Units.find(slug: "archiv", on: database) == nil {
            _ = try await UnitService(database: database, clock: .system).create(slug: "archiv", name: "Archiv", by: .commandLine)
        }
        return PabulibTransfer(database: database, clock: .system)
    }

    @Test(arguments: files)
    func storedBallotsReproduceTheWorkedExamples(file: String) async throws {
        try await withTestDatabase { _, database in
            let campaign = try await Self.transfer(database).importElection(try Self.election(file), name: file, unit: "archiv")
            let expectedData = try Data(contentsOf: Self.examples.appending(path: "expected.json"))
            let expected = try #require(try JSONDecoder().decode([String: [String: Outcome]].self, from: expectedData)[file])
            let service = ResultService(database: database, clock: .system)
            for (name, outcome) in expected {
                let results = try await service.compute(campaign, rule: try #require(BudgetRule(rawValue: name)))
                let run = try #require(results.runs.first)
                #expect(Set(run.selected.compactMap(\.reference)) == Set(outcome.selected), "\(file) \(name)")
                #expect(Decimal(run.totalCostCents) / 100 == outcome.cost, "\(file) \(name)")
                // Computing again on the same ballots finds the same run.
                let again = try await service.compute(campaign, rule: try #require(BudgetRule(rawValue: name)))
                #expect(again.runs.first?.inputDigest == run.inputDigest)
                #expect(again.runs.first?.id == run.id)
            }
        }
    }

    @Test(arguments: files)
    func importExportImportRoundTrips(file: String) async throws {
        try await withTestDatabase { _, database in
            let transfer = try await Self.transfer(database)
            let original = try Self.election(file)
            let first = try await transfer.importElection(original, name: file, unit: "archiv")
            let exported = try PabulibWriter.write(try await transfer.exportElection(campaign: first.slug))
            let reread = try PabulibParser.parse(exported)
            let second = try await transfer.importElection(reread, name: file, unit: "archiv")
            #expect(second.slug != first.slug)
            let exportedAgain = try PabulibWriter.write(try await transfer.exportElection(campaign: second.slug))
            #expect(exportedAgain == exported)
            // Same projects and ballots as the file (ballot order kept, voter ids renumbered).
            let (a, b) = (try original.budgetElection(), try reread.budgetElection())
            #expect(Set(a.projects) == Set(b.projects))
            #expect(a.ballots == b.ballots)
            #expect(a.budget == b.budget && a.voteType == b.voteType)
            for rule in BudgetRule.applicable(to: a.voteType) {
                #expect(try rule.outcome(for: a) == rule.outcome(for: b), "\(rule)")
            }
        }
    }

    @Test func aFailedImportLeavesNothingBehind() async throws {
        try await withTestDatabase { _, database in
            let transfer = try await Self.transfer(database)
            var election = try Self.election("syn1_groups_and_lexicographic_ties.pb")
            election.projects[election.projects.count - 1].id = String(repeating: "x", count: 101)
            await #expect(throws: ServiceError.self) { try await transfer.importElection(election, name: "bad.pb", unit: "archiv") }
            // A failure inside the transaction, after the campaign row was written: PostgreSQL
            // refuses the NUL character in the last project's title.
            election = try Self.election("syn1_groups_and_lexicographic_ties.pb")
            election.projects[election.projects.count - 1].fields["name"] = "bad\u{0}name"
            await #expect(throws: (any Error).self) { try await transfer.importElection(election, name: "bad.pb", unit: "archiv") }
            for table in ["campaigns", "proposals", "ballots", "ballot_choices", "pabulib_sources"] {
                #expect(try await database.query("SELECT count(*)::int FROM \(unescaped: table)")[0].decode(Int.self) == 0, "\(table)")
            }
        }
    }

    @Test func theCommandsImportComputeAndExport() async throws {
        try await withTestDatabase { url, database in
            _ = try await Self.transfer(database)
            let environment = try MitredenBinary.environment(database: url)
            let path = Self.examples.appending(path: "syn2_edge_cases.pb").path
            let imported = try await MitredenBinary.run(["pabulib", "import", path, "--unit", "archiv"], environment: environment)
            #expect(imported.status == 0, "\(imported.output)")
            #expect(imported.output.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("syn2-edge-cases"))
            let computed = try await MitredenBinary.run(
                ["results", "compute", "--campaign", "syn2-edge-cases", "--method", "greedy_votes", "--official"], environment: environment
            )
            #expect(computed.status == 0, "\(computed.output)")
            #expect(computed.output.contains("official true"))
            let output = FileManager.default.temporaryDirectory.appending(path: "export-\(UUID().uuidString).pb")
            defer { try? FileManager.default.removeItem(at: output) }
            let exported = try await MitredenBinary.run(
                ["pabulib", "export", "--campaign", "syn2-edge-cases", "--output", output.path], environment: environment
            )
            #expect(exported.status == 0, "\(exported.output)")
            let reread = try PabulibParser.parse(String(contentsOf: output, encoding: .utf8))
            #expect(reread.votes.count == 10)
            let bad = FileManager.default.temporaryDirectory.appending(path: "bad-\(UUID().uuidString).pb")
            defer { try? FileManager.default.removeItem(at: bad) }
            try "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;50\n1;60\nVOTES\nvoter_id;vote\nv1;1\n"
                .write(to: bad, atomically: true, encoding: .utf8)
            let refused = try await MitredenBinary.run(["pabulib", "import", bad.path, "--unit", "archiv"], environment: environment)
            #expect(refused.status == 1)
            #expect(refused.output.contains("line 8"), "\(refused.output)")
        }
    }
}
