import Foundation
import MitredenAPI
import MitredenDomain
import MitredenPasswords
import MitredenStore
import TestSupport
import Testing

@Suite struct AccountAndUnitCommandTests {
    static func run(_ arguments: [String], _ url: DatabaseURL) async throws -> (status: Int32, output: String) {
        try await MitredenBinary.run(arguments, environment: MitredenBinary.environment(database: url, extra: ["MITREDEN_BCRYPT_COST": "4"]))
    }

    @Test func theFirstAdminIsCreatedWithAGeneratedPasswordPrintedOnce() async throws {
        try await withTestDatabase { url, database in
            let created = try await Self.run(
                ["account", "create", "--email", "Admin@Example.org", "--display-name", "Stadt Admin", "--role", "admin", "--generate-password"], url
            )
            #expect(created.status == 0, "\(created.output)")
            let password = try #require(created.output.split(separator: "\n").first { $0.hasPrefix("password: ") }?.dropFirst(10))
            #expect(password.count >= 40)
            let hash = try await database.query("SELECT password_hash FROM accounts WHERE email = 'admin@example.org'").first!.decode(String.self)
            #expect(hash.hasPrefix("$2"))
            #expect(!hash.contains(password))

            let list = try await Self.run(["account", "list"], url)
            #expect(list.status == 0)
            let listed = list.output.split(separator: "\n").first { $0.contains("admin@example.org") } ?? ""
            #expect(listed.contains("  admin  active  yes       Stadt Admin  admin@example.org  -"), "\(list.output)")
            let actions = try await database.query("SELECT action, actor_label FROM audit_events").map { try $0.decode((String, String).self) }
            #expect(actions.map(\.0) == ["account.create"])
            #expect(actions.map(\.1) == ["cli"])
        }
    }

    @Test func thePasswordIsReadFromStandardInput() async throws {
        try await withTestDatabase { url, database in
            let binary = try MitredenBinary.path()
            let script = "printf '%s\\n' 'a staff passphrase 2026' | \(binary) account create --email staff@example.org --display-name 'Staff Two'"
            let result = try await ChildProcess.run(
                ["/bin/sh", "-c", script],
                environment: MitredenBinary.environment(database: url, extra: ["MITREDEN_BCRYPT_COST": "4"])
            )
            #expect(result.status == 0, "\(result.output)")
            #expect(!result.output.contains("passphrase"))
            let stored = try #require(try await Accounts.credentials(email: "staff@example.org", on: database))
            #expect(try await PasswordHasher(cost: 4).verify("a staff passphrase 2026", hash: stored.passwordHash))
            #expect(try await !PasswordHasher(cost: 4).verify("a staff passphrase 2025", hash: stored.passwordHash))
        }
    }

    @Test func resetSetsANewPasswordAndEndsSessions() async throws {
        try await withTestDatabase { url, database in
            #expect(
                try await Self.run(["account", "create", "--email", "rolf@example.org", "--display-name", "Rolf R", "--generate-password"], url)
                    .status == 0)
            let id = try await database.query("SELECT id FROM accounts").first!.decode(Account.ID.self)
            _ = try await Sessions.open(
                for: id, now: Date(), lifetimes: .init(idle: 600, absolute: 3600), clientAddress: nil, userAgent: nil, on: database)
            let reset = try await Self.run(["account", "reset", "rolf@example.org", "--reason", "forgot it", "--generate-password"], url)
            #expect(reset.status == 0, "\(reset.output)")
            let password = try #require(reset.output.split(separator: "\n").first { $0.hasPrefix("password: ") }?.dropFirst(10))
            let stored = try #require(try await Accounts.credentials(email: "rolf@example.org", on: database))
            #expect(try await PasswordHasher(cost: 4).verify(String(password), hash: stored.passwordHash))
            let live = try await database.query("SELECT count(*) FROM sessions WHERE revoked_at IS NULL").first!.decode(Int.self)
            #expect(live == 0)
            let actions = try await database.query("SELECT action FROM audit_events ORDER BY id").map { try $0.decode(String.self) }
            #expect(actions == ["account.create", "account.reset-password"])
        }
    }

    @Test func staffCorrectTheDistrictAVoterIsBoundTo() async throws {
        try await withTestDatabase { url, database in
            #expect(
                try await Self.run(["account", "create", "--email", "rolf@example.org", "--display-name", "Rolf R", "--generate-password"], url)
                    .status == 0)
            let set = try await Self.run(["account", "district", "rolf@example.org", "--set", "Hamm", "--reason", "Umzug belegt"], url)
            #expect(set.status == 0, "\(set.output)")
            #expect(try await Accounts.credentials(email: "rolf@example.org", on: database)?.account.district == "Hamm")
            let reasons = try await database.query("SELECT reason FROM audit_events WHERE action = 'account.set-district'")
                .map { try $0.decode(String.self) }
            #expect(reasons == ["none → Hamm: Umzug belegt"])
            let unknown = try await Self.run(["account", "district", "nobody@example.org", "--set", "Hamm", "--reason", "x"], url)
            #expect(unknown.status == 1)
            #expect(unknown.output.contains("no account nobody@example.org"))
        }
    }

    @Test func invalidFieldsAreRefusedWithAMessageNamingThem() async throws {
        try await withTestDatabase { url, _ in
            let result = try await Self.run(["account", "create", "--email", "nope", "--display-name", "Someone", "--generate-password"], url)
            #expect(result.status == 1)
            #expect(result.output.contains("email: is not an e-mail address"), "\(result.output)")
            let noPassword = try await Self.run(["account", "create", "--email", "a@example.org", "--display-name", "Someone"], url)
            #expect(noPassword.status == 1)
            #expect(noPassword.output.contains("standard input"), "\(noPassword.output)")
        }
    }

    @Test func unitsAndMembershipsAreManagedAndAudited() async throws {
        try await withTestDatabase { url, database in
            #expect(
                try await Self.run(["account", "create", "--email", "staff@example.org", "--display-name", "Staff One", "--generate-password"], url)
                    .status == 0)
            let create = try await Self.run(["unit", "create", "tiefbauamt", "--name", "Tiefbauamt"], url)
            #expect(create.status == 0, "\(create.output)")
            #expect(try await Self.run(["unit", "create", "tiefbauamt", "--name", "Again"], url).status == 1)
            let list = try await Self.run(["unit", "list"], url)
            #expect(list.output.split(separator: "\n").contains { $0.hasPrefix("tiefbauamt  Tiefbauamt") }, "\(list.output)")
            let add = try await Self.run(["unit", "add-member", "tiefbauamt", "staff@example.org", "--role", "official"], url)
            #expect(add.status == 0, "\(add.output)")
            let roles = try await database.query("SELECT role FROM account_units").map { try $0.decode(String.self) }
            #expect(roles == ["official"])
            #expect(try await Self.run(["unit", "remove-member", "tiefbauamt", "staff@example.org", "--role", "official", "--yes"], url).status == 0)
            #expect(try await Self.run(["unit", "remove-member", "tiefbauamt", "staff@example.org", "--yes"], url).status == 1)
            let actions = try await database.query("SELECT action FROM audit_events ORDER BY id").map { try $0.decode(String.self) }
            #expect(actions == ["account.create", "unit.create", "unit.add-member", "unit.remove-member"])
        }
    }

    @Test func suspendExportAndEraseAnAccount() async throws {
        try await withTestDatabase { url, database in
            #expect(
                try await Self.run(["account", "create", "--email", "pia@example.org", "--display-name", "Pia P", "--generate-password"], url).status
                    == 0)
            let suspend = try await Self.run(["account", "suspend", "pia@example.org", "--reason", "spam"], url)
            #expect(suspend.status == 0, "\(suspend.output)")
            let status = try await database.query("SELECT status FROM accounts").first!.decode(String.self)
            #expect(status == "suspended")

            let export = try await Self.run(["account", "export", "pia@example.org", "--reason", "Art. 15 request 7"], url)
            #expect(export.status == 0)
            #expect(export.output.contains("\"email\" : \"pia@example.org\""), "\(export.output)")
            #expect(export.output.contains("account.suspend"))
            #expect(export.output.contains("account.export"))

            let erase = try await Self.run(["account", "erase", "pia@example.org", "--reason", "Art. 17 request", "--yes"], url)
            #expect(erase.status == 0, "\(erase.output)")
            let remaining = try await database.query("SELECT count(*) FROM accounts WHERE email IS NOT NULL OR display_name IS NOT NULL").first!
                .decode(Int.self)
            #expect(remaining == 0)
            #expect(try await Self.run(["account", "export", "pia@example.org", "--reason", "again"], url).status == 1)
        }
    }
}
