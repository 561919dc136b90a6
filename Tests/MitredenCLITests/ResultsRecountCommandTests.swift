import Foundation
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// `mitreden results verify|exclude` and `mitreden pabulib explain` through the built binary.
@Suite struct ResultsRecountCommandTests {
    @Test func verifyRecountsARunExcludeSupersedesItAndExplainPrintsTheExplanation() async throws {
        try await withTestDatabase { url, database in
            _ = try await PabulibTransferTests.transfer(database)
            let environment = try MitredenBinary.environment(database: url)
            let path = PabulibTransferTests.examples.appending(path: "syn2_edge_cases.pb").path
            #expect(try await MitredenBinary.run(["pabulib", "import", path, "--unit", "archiv"], environment: environment).status == 0)
            let computed = try await MitredenBinary.run(
                ["results", "compute", "--campaign", "syn2-edge-cases", "--method", "mes_cost", "--official"], environment: environment)
            #expect(computed.status == 0, "\(computed.output)")
            let runID = try #require(computed.output.split(separator: " ").dropFirst().first.map(String.init))

            let verified = try await MitredenBinary.run(["results", "verify", runID], environment: environment)
            #expect(verified.status == 0, "\(verified.output)")
            #expect(verified.output.contains("digest matches"))
            #expect(verified.output.contains("outcome matches: B.2,g7"))
            #expect(verified.output.contains("verified"))

            // A hand-edited outcome no longer matches its input.
            try await database.query("UPDATE result_runs SET total_cost_cents = total_cost_cents + 1 WHERE id = \(runID)::uuid")
            let tampered = try await MitredenBinary.run(["results", "verify", runID], environment: environment)
            #expect(tampered.status == 1)
            #expect(tampered.output.contains("outcome DIFFERS"))

            // Staff exclude B.2 after the close: a new official run names the old one.
            let b2 = try #require(
                try await database.query("SELECT id FROM proposals WHERE reference = 'B.2'").first?.decode(Proposal.ID.self))
            let excluded = try await MitredenBinary.run(
                [
                    "results", "exclude", "--campaign", "syn2-edge-cases", "--area", "all", "--proposal", b2.description, "--reason",
                    "nicht förderfähig",
                ],
                environment: environment)
            #expect(excluded.status == 0, "\(excluded.output)")
            #expect(excluded.output.contains("supersedes \(runID)"))
            #expect(excluded.output.contains("official true"))
            let newRun = try #require(excluded.output.split(separator: " ").dropFirst().first.map(String.init))
            #expect(try await MitredenBinary.run(["results", "verify", newRun], environment: environment).status == 0)
            let reason = try await database.query("SELECT reason FROM audit_events WHERE action = 'results.exclude'").first?.decode(String?.self)
            #expect(reason?.contains("nicht förderfähig") == true)

            let explained = try await MitredenBinary.run(["pabulib", "explain", path, "--rule", "mes_cost"], environment: environment)
            #expect(explained.status == 0)
            let explanation = try JSONDecoder().decode(ResultExplanation.self, from: Data(explained.output.utf8))
            #expect(explanation.projects.first { $0.projectId == "A-1" }?.neededSupporters == 12)
        }
    }
}
