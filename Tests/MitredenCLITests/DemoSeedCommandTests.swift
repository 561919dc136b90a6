import Foundation
import MitredenStore
import PostgresNIO
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What a newcomer sees after the README's run command: `demo seed`, then the API.
@Suite struct DemoSeedCommandTests {
    @Test func theSeededDemoListsBothCampaignsWithTheirCurrentPhases() async throws {
        try await withTestDatabase { url, database in
            let environment = try MitredenBinary.environment(database: url, extra: ["MITREDEN_BCRYPT_COST": "4"])
            let credentials = FileManager.default.temporaryDirectory.appending(path: "demo-\(UUID().uuidString).txt").path
            let seeded = try await MitredenBinary.run(["demo", "seed", "--if-empty", "--credentials", credentials], environment: environment)
            #expect(seeded.status == 0, "\(seeded.output)")
            #expect(seeded.output.contains("planung-moderation@demo.mitreden.org"), "\(seeded.output)")
            let mode = try FileManager.default.attributesOfItem(atPath: credentials)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            #expect(try await database.query("SELECT count(*)::int FROM accounts WHERE role = 'participant'")[0].decode(Int.self) >= 300)
            func count(_ sql: String) async throws -> Int { try await database.query(PostgresQuery(unsafeSQL: sql))[0].decode(Int.self) }
            #expect(try await count("SELECT count(*)::int FROM moderation_items WHERE decided_at IS NULL") > 0, "comments awaiting moderation")
            #expect(try await count("SELECT count(*)::int FROM comments WHERE moderation_status = 'published'") > 0)
            #expect(try await count("SELECT count(*)::int FROM supports") > 0)
            #expect(try await count("SELECT count(*)::int FROM ballots") > 0)
            #expect(try await count("SELECT count(*)::int FROM planner_areas") == 12)
            #expect(try await count("SELECT count(*)::int FROM plans WHERE status = 'submitted'") >= 200)
            #expect(try await count("SELECT count(*)::int FROM proposals WHERE location IS NOT NULL") > 0)
            // The counters the lists show agree with the rows.
            #expect(
                try await count(
                    "SELECT count(*)::int FROM proposal_counters pc WHERE supports <> (SELECT count(*) FROM supports s WHERE s.proposal_id = pc.proposal_id)"
                ) == 0)

            // The Domplatz's promise of 10 working days: answered in time and late, two overdue now, one handed over.
            #expect(seeded.output.contains("Domplatz response promise (10 working days)"), "\(seeded.output)")
            let today = "(now() AT TIME ZONE 'Europe/Berlin')::date"
            #expect(try await count("SELECT count(*)::int FROM response_duties WHERE first_response_at IS NULL AND due_on < \(today)") == 2)
            #expect(try await count("SELECT count(*)::int FROM response_duties WHERE first_response_on <= due_on") >= 2)
            #expect(try await count("SELECT count(*)::int FROM response_duties WHERE first_response_on > due_on") >= 2)
            #expect(try await count("SELECT count(*)::int FROM proposal_handovers") == 1)
            #expect(try await count("SELECT count(*)::int FROM response_duties WHERE promised_days <> 10") == 0)
            #expect(try await count("SELECT count(*)::int FROM implementation_updates") == 2)

            // A second start leaves the data alone; a plain `seed` refuses a used database.
            let again = try await MitredenBinary.run(["demo", "seed", "--if-empty"], environment: environment)
            #expect(again.status == 0 && again.output.contains("no demo data added"), "\(again.output)")
            #expect(try await MitredenBinary.run(["demo", "seed"], environment: environment).status != 0)

            let port = 18_000 + Int.random(in: 2000..<4000)
            var serverEnvironment = environment
            serverEnvironment["MITREDEN_PORT"] = String(port)
            let server = try ChildProcess.spawn([try MitredenBinary.path(), "serve"], environment: serverEnvironment)
            defer { server.signal(SIGTERM) }
            var body: [String: Any]?
            for _ in 0..<100 where body == nil {
                try await Task.sleep(for: .milliseconds(200))
                if let (data, response) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/v1/campaigns")!),
                    (response as? HTTPURLResponse)?.statusCode == 200
                {
                    body = try JSONSerialization.jsonObject(with: data) as? [String: Any]
                }
            }
            let items = try #require(body?["items"] as? [[String: Any]], "server output: \(server.output())")
            let phases = Dictionary(uniqueKeysWithValues: items.map { ($0["slug"] as? String ?? "", $0["currentPhase"] as? String ?? "") })
            #expect(phases == ["bezirksbudget-mitte": "voting", "domplatz-dialog": "discussion", "hamburger-haushalt-2027": "voting"])
            let budget = try #require(items.first { $0["slug"] as? String == "bezirksbudget-mitte" })
            #expect((budget["capabilities"] as? [String: Bool])?["vote"] == true)
            #expect((budget["areas"] as? [Any])?.count == 4)
            server.signal(SIGTERM)
            _ = await server.wait()
        }
    }
}
