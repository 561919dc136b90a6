import Foundation
import MitredenStore
import TestSupport
import Testing

/// The command line as scripts and careful staff use it (issue 18): `--version`, `--json`
/// with stable fields, tables with headers, pages that say what they left out, confirmation
/// before anything is deleted or replaced, and one clear line for a wrong password.
@Suite struct ScriptableCommandTests {
    static func run(_ arguments: [String], _ url: DatabaseURL, extra: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        try await MitredenBinary.run(
            arguments, environment: MitredenBinary.environment(database: url, extra: ["MITREDEN_BCRYPT_COST": "4"].merging(extra) { $1 }))
    }

    /// The JSON document a command printed (its output holds nothing else but log lines).
    static func json(_ output: String) throws -> [String: Any] {
        guard let start = output.firstIndex(of: "{"), let end = output.lastIndex(of: "}") else {
            throw TestSetupError("no JSON in: \(output)")
        }
        let object = try JSONSerialization.jsonObject(with: Data(output[start...end].utf8))
        return try #require(object as? [String: Any])
    }

    /// Two staff accounts, a unit with roles, a draft campaign with two phases.
    static func world(_ url: DatabaseURL) async throws {
        for (email, name) in [("ada@example.org", "Ada Amt"), ("bo@example.org", "Bo Büro"), ("cem@example.org", "Cem C")] {
            let created = try await run(["account", "create", "--email", email, "--display-name", name, "--generate-password"], url)
            #expect(created.status == 0, "\(created.output)")
        }
        #expect(try await run(["unit", "create", "tiefbauamt", "--name", "Tiefbauamt Altona"], url).status == 0)
        #expect(try await run(["unit", "add-member", "tiefbauamt", "ada@example.org", "--role", "moderator"], url).status == 0)
        #expect(try await run(["unit", "add-member", "tiefbauamt", "ada@example.org", "--role", "manager"], url).status == 0)
        #expect(try await run(["unit", "add-member", "tiefbauamt", "bo@example.org", "--role", "official"], url).status == 0)
        let file = FileManager.default.temporaryDirectory.appending(path: "\(UUID().uuidString).json").path
        try """
        {"slug": "domplatz", "unit": "tiefbauamt", "title": "Domplatz", "kind": "dialogue",
         "phases": [{"kind": "proposals", "startsAt": "2030-01-01T00:00:00Z", "endsAt": "2030-02-01T00:00:00Z"},
                    {"kind": "discussion", "startsAt": "2030-02-01T00:00:00Z", "endsAt": "2030-03-01T00:00:00Z"}]}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let created = try await run(["campaign", "create", "--file", file], url)
        #expect(created.status == 0, "\(created.output)")
    }

    @Test func versionIsPrinted() async throws {
        try await withTestDatabase { url, _ in
            let version = try await Self.run(["--version"], url)
            #expect(version.status == 0)
            #expect(version.output.trimmingCharacters(in: .whitespacesAndNewlines) == BuildInfo.version)
        }
    }

    @Test func listingsAndShowPrintDocumentedJSON() async throws {
        try await withTestDatabase { url, _ in
            try await Self.world(url)
            let accounts = try Self.json(try await Self.run(["account", "list", "--json"], url).output)
            #expect(accounts["total"] as? Int == 3)
            let items = try #require(accounts["items"] as? [[String: Any]])
            let ada = try #require(items.first { $0["email"] as? String == "ada@example.org" })
            // Every documented field; `district` is left out when the account has none.
            #expect(Set(ada.keys) == ["id", "email", "displayName", "role", "status", "verified", "createdAt", "units"])
            #expect(ada["displayName"] as? String == "Ada Amt")
            #expect(ada["verified"] as? Bool == true)
            let units = try #require(ada["units"] as? [[String: String]])
            #expect(units == [["unit": "tiefbauamt", "role": "manager"], ["unit": "tiefbauamt", "role": "moderator"]])

            let members = try Self.json(try await Self.run(["unit", "members", "tiefbauamt", "--json"], url).output)
            let memberItems = try #require(members["items"] as? [[String: Any]])
            #expect(
                memberItems.map { "\($0["displayName"] ?? "")/\($0["role"] ?? "")" } == ["Ada Amt/manager", "Ada Amt/moderator", "Bo Büro/official"])
            #expect(Set(memberItems[0].keys) == ["accountId", "displayName", "email", "status", "role"])

            let unitList = try Self.json(try await Self.run(["unit", "list", "--json"], url).output)
            #expect((unitList["items"] as? [[String: Any]])?.first?["name"] as? String == "Tiefbauamt Altona")

            let campaigns = try Self.json(try await Self.run(["campaign", "list", "--json"], url).output)
            let campaign = try #require((campaigns["items"] as? [[String: Any]])?.first)
            #expect(
                campaign["slug"] as? String == "domplatz" && campaign["status"] as? String == "draft" && campaign["unit"] as? String == "tiefbauamt")

            let shown = try Self.json(try await Self.run(["campaign", "show", "domplatz", "--json"], url).output)
            #expect(shown["title"] as? String == "Domplatz")
            #expect((shown["phases"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["proposals", "discussion"])
            #expect((shown["phases"] as? [[String: Any]])?.first?["startsAt"] as? String == "2030-01-01T00:00:00Z")
            #expect(shown["participantsCan"] as? [String] == [])

            let queue = try Self.json(try await Self.run(["moderation", "queue", "--json"], url).output)
            #expect(queue["total"] as? Int == 0 && (queue["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func tablesHaveHeadersAlignedColumnsAndUnitRoles() async throws {
        try await withTestDatabase { url, _ in
            try await Self.world(url)
            let table = try await Self.run(["account", "list"], url)
            #expect(table.status == 0, "\(table.output)")
            let lines = table.output.split(separator: "\n").map(String.init)
            let header = try #require(lines.first { $0.hasPrefix("ID") })
            #expect(header.contains("ROLE") && header.contains("E-MAIL") && header.contains("UNITS"))
            let adaLine = try #require(lines.first { $0.contains("ada@example.org") })
            #expect(adaLine.contains("tiefbauamt:manager,tiefbauamt:moderator"))
            // Columns line up: each column starts where its header does.
            let emailColumn = try #require(header.range(of: "E-MAIL")).lowerBound.utf16Offset(in: header)
            for line in lines where line.contains("@example.org") {
                let start = try #require(line.range(of: "@example.org")).lowerBound.utf16Offset(in: line)
                #expect(start > emailColumn && line.dropFirst(emailColumn).first != " ", "\(line)")
            }
            let members = try await Self.run(["unit", "members", "tiefbauamt"], url)
            #expect(members.output.contains("ROLE"))
            #expect(members.output.split(separator: "\n").filter { $0.contains("@example.org") }.count == 3)
        }
    }

    @Test func aPageSaysHowManyItLeftOutAndTheNextOneFollows() async throws {
        try await withTestDatabase { url, _ in
            try await Self.world(url)
            let page = try await Self.run(["account", "list", "--limit", "2"], url)
            #expect(page.status == 0)
            #expect(page.output.contains("2 of 3 shown, 1 left out; next page: --offset 2"), "\(page.output)")
            let json = try Self.json(try await Self.run(["account", "list", "--limit", "2", "--json"], url).output)
            #expect(json["total"] as? Int == 3 && (json["items"] as? [Any])?.count == 2)
            let next = try Self.json(try await Self.run(["account", "list", "--limit", "2", "--offset", "2", "--json"], url).output)
            #expect((next["items"] as? [[String: Any]])?.map { $0["email"] as? String } == ["cem@example.org"])
            #expect(next["total"] as? Int == 3)
            let past = try Self.json(try await Self.run(["account", "list", "--offset", "10", "--json"], url).output)
            #expect(past["total"] as? Int == 3 && (past["items"] as? [Any])?.isEmpty == true)
            #expect(try await Self.run(["account", "list", "--limit", "0"], url).status == 64)
        }
    }

    @Test func destructiveCommandsRefuseWithoutYesWhenNotOnATerminal() async throws {
        try await withTestDatabase { url, database in
            try await Self.world(url)
            // Standard input is /dev/null here, as in a script or cron job.
            for arguments in [
                ["account", "erase", "cem@example.org", "--reason", "Art. 17"],
                ["unit", "remove-member", "tiefbauamt", "bo@example.org"],
                ["campaign", "phases", "set", "domplatz", "--phase", "results=2030-04-01T00:00:00Z/2030-05-01T00:00:00Z"],
            ] {
                let refused = try await Self.run(arguments, url)
                #expect(refused.status == 1, "\(arguments): \(refused.output)")
                #expect(refused.output.contains("refusing without confirmation"), "\(refused.output)")
            }
            #expect(try await database.query("SELECT count(*) FROM accounts WHERE email = 'cem@example.org'")[0].decode(Int.self) == 1)
            #expect(try await database.query("SELECT count(*) FROM account_units")[0].decode(Int.self) == 3)
            #expect(try await Campaigns.find(slug: "domplatz", on: database)?.phases.count == 2)
            // With --yes they go ahead.
            #expect(try await Self.run(["account", "erase", "cem@example.org", "--reason", "Art. 17", "--yes"], url).status == 0)
            #expect(try await Self.run(["unit", "remove-member", "tiefbauamt", "bo@example.org", "--yes"], url).status == 0)
            let replaced = try await Self.run(
                ["campaign", "phases", "set", "domplatz", "--phase", "results=2030-04-01T00:00:00Z/2030-05-01T00:00:00Z", "--yes"], url)
            #expect(replaced.status == 0, "\(replaced.output)")
            #expect(try await Campaigns.find(slug: "domplatz", on: database)?.phases.map(\.kind.rawValue) == ["results"])
        }
    }

    @Test func settingPhasesWithoutAnyIsRefusedAndChangesNothing() async throws {
        try await withTestDatabase { url, database in
            try await Self.world(url)
            #expect(try await Self.run(["campaign", "publish", "domplatz"], url).status == 0)
            for extra in [[], ["--yes"]] {
                let refused = try await Self.run(["campaign", "phases", "set", "domplatz"] + extra, url)
                #expect(refused.status == 64, "\(refused.output)")
                #expect(refused.output.contains("--phase"), "\(refused.output)")
            }
            #expect(try await Campaigns.find(slug: "domplatz", on: database)?.phases.count == 2)
        }
    }

    @Test func aWrongDatabasePasswordIsOneClearLine() async throws {
        try await withTestDatabase { url, _ in
            var wrong = try TestCluster.runtimeURL(for: url)
            wrong.password = "not-the-password"
            let result = try await MitredenBinary.run(
                ["unit", "list"], environment: ["PATH": "/usr/bin:/bin", "MITREDEN_DATABASE_URL": wrong.connectionString])
            #expect(result.status == 69, "\(result.output)")
            let lines = result.output.split(separator: "\n")
            #expect(lines.count == 1, "\(result.output)")
            #expect(result.output.contains("refused the password of role 'mitreden_runtime'"), "\(result.output)")
            #expect(result.output.contains("MITREDEN_DATABASE_URL"))
            #expect(!result.output.contains("not-the-password"))
        }
    }
}
