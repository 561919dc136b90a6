import Foundation
import TestSupport
import Testing

@testable import MitredenStore

/// The benchmark's pgbench run (b) replays the statements a support really issues, so its
/// figure separates SQL from HTTP and Swift. This keeps that file equal to the service's
/// SQL: a statement changed in Swift fails here until the file is regenerated.
@Suite struct BenchmarkStatementTests {
    /// The service's parameters as the benchmark's pgbench script spells them.
    static func forPgbench(_ sql: String, _ parameters: [String]) -> String {
        var text = sql
        // Highest first, so "$1" never eats the start of "$10".
        for (index, value) in parameters.enumerated().reversed() { text = text.replacingOccurrences(of: "$\(index + 1)", with: value) }
        return text
    }

    static var expected: String {
        let session = "sha256(convert_to(format('bench-session-%s-token', lpad(:n::text, 7, '0')), 'UTF8'))"
        let proposal = "(SELECT id FROM bench_proposals WHERE n = :p)"
        let account = "(SELECT id FROM bench_accounts WHERE n = :n)"
        // The server's default vote limits (60/min, 600/h): their two windows are counted.
        let spans = "'{60,3600}'"
        return """
            -- Generated from the service's own statements by Tests/MitredenStoreTests/Votes/BenchmarkStatementTests.swift
            -- (MITREDEN_REGENERATE=1 Deploy/test.sh --filter BenchmarkStatement rewrites it): what
            -- PUT /v1/proposals/{id}/support sends to PostgreSQL, without HTTP. `range` is the
            -- number of proposals voted on.
            \\set n random(1, :participants)
            \\set p random(1, :range)
            \(forPgbench(Sessions.Resolve.sql, [session, "now()", "now() - interval '1 day'"]));
            BEGIN ISOLATION LEVEL READ COMMITTED;
            \(forPgbench(VoteStatements.AddSupport.sql, [proposal, account, "now()", spans]));
            COMMIT;

            """
    }

    /// What a plan submission sends: the session, the campaign, the read (write limit,
    /// planner version, draft; its columns kept by `\gset`) and `save_plan` with the draft's lines.
    static var expectedPlanSubmission: String {
        let session = "sha256(convert_to(format('bench-session-%s-token', lpad(:n::text, 7, '0')), 'UTF8'))"
        let account = "(SELECT id FROM bench_accounts WHERE n = :n)"
        let campaign = "(SELECT id FROM campaigns WHERE slug = 'bench-budget')"
        // The server's default ballot limits (10/min, 60/h).
        let spans = "'{60,3600}'"
        let lockKey = "upper(\(campaign)::text) || '/' || upper(\(account)::text)"
        let save = [
            lockKey, ":planner_id", account, "'submitted'", "'online'", "NULL", ":balance_cents", "NULL", "now()", ":items",
            ":amounts", ":texts", "'published'",
        ]
        return """
            -- Generated from the service's own statements by Tests/MitredenStoreTests/Votes/BenchmarkStatementTests.swift
            -- (MITREDEN_REGENERATE=1 Deploy/test.sh --filter BenchmarkStatement rewrites it): what
            -- POST /v1/campaigns/bench-budget/planner/plan/submit sends to PostgreSQL, without HTTP.
            \\set n random(1, :participants)
            \(forPgbench(Sessions.Resolve.sql, [session, "now()", "now() - interval '1 day'"]));
            \(forPgbench(Campaigns.FindBySlug.sql, ["'bench-budget'"]));
            \(forPgbench(PlanSubmissionRead.sql, [account, "now()", spans, campaign]))
            \\gset
            \(forPgbench(Plans.saveSQL, save));

            """
    }

    // The file names only: the test run prints its arguments, and the scripts are long.
    @Test(arguments: ["support-service.sql", "plan-submit-service.sql"])
    func thePgbenchScriptReplaysTheServicesStatements(name: String) throws {
        let path = "Benchmarks/pgbench/\(name)"
        let expected = name == "support-service.sql" ? Self.expected : Self.expectedPlanSubmission
        let file = TestCluster.repositoryRoot.appending(path: path)
        if ProcessInfo.processInfo.environment["MITREDEN_REGENERATE"] == "1" {
            try expected.write(to: file, atomically: true, encoding: .utf8)
        }
        let onDisk = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        #expect(onDisk == expected, "\(path) should read:\n\(expected)")
    }
}
