import Foundation
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// `mitreden account sessions` and `mitreden account mfa reset` (issue 13).
@Suite struct AccountSessionsAndMFACommandTests {
    static func run(_ arguments: [String], _ url: DatabaseURL) async throws -> (status: Int32, output: String) {
        try await MitredenBinary.run(arguments, environment: MitredenBinary.environment(database: url, extra: ["MITREDEN_BCRYPT_COST": "4"]))
    }

    static func staff(_ database: Database) async throws -> (AccountService, AccountRecord) {
        var settings = AccountSettings()
        settings.bcryptCost = 4
        let service = AccountService(database: database, settings: settings, clock: .system)
        let id = try await service.createStaff(
            email: "stab@example.org", password: AccountFixtures.password, displayName: "Stabsstelle", role: .admin, by: .commandLine)
        return (service, try await service.account(named: id.description))
    }

    @Test func sessionsAreListedWithTheirNetworkNeverTheFullAddress() async throws {
        try await withTestDatabase { url, database in
            let (_, account) = try await Self.staff(database)
            let lifetimes = Sessions.Lifetimes(idle: 600, absolute: 3600)
            _ = try await Sessions.open(
                for: account.id, now: Date(), lifetimes: lifetimes, clientAddress: "198.51.100.23",
                userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0", on: database)
            _ = try await Sessions.open(
                for: account.id, now: Date(), lifetimes: lifetimes, clientAddress: "2001:db8:7:1::5", userAgent: "curl/8.5.0", on: database)
            let listed = try await Self.run(["account", "sessions", "stab@example.org"], url)
            #expect(listed.status == 0, "\(listed.output)")
            let lines = listed.output.split(separator: "\n")
            #expect(lines.count == 3, "\(listed.output)")  // the header and two sessions
            #expect(lines.first?.hasPrefix("ID") == true)
            #expect(lines.contains { $0.hasSuffix("198.51.100.0/24  Firefox on Windows") }, "\(listed.output)")
            #expect(lines.contains { $0.hasSuffix("2001:db8:7::/48  curl") }, "\(listed.output)")
            #expect(!listed.output.contains("198.51.100.23") && !listed.output.contains("2001:db8:7:1::5"))

            let none = try await Self.run(["account", "sessions", "nobody@example.org"], url)
            #expect(none.status == 1)
        }
    }

    @Test func resettingTheSecondFactorNeedsConfirmationEndsSessionsAndIsAudited() async throws {
        try await withTestDatabase { url, database in
            let (service, account) = try await Self.staff(database)
            _ = try await service.startTOTPEnrolment(for: account)
            try await database.query("UPDATE account_totp SET confirmed_at = now()")
            _ = try await Sessions.open(
                for: account.id, now: Date(), lifetimes: .init(idle: 600, absolute: 3600), clientAddress: nil, userAgent: nil, on: database)

            let unconfirmed = try await Self.run(["account", "mfa", "reset", "stab@example.org", "--reason", "Handy verloren"], url)
            #expect(unconfirmed.status == 1)
            #expect(unconfirmed.output.contains("--yes"))
            #expect(try await database.query("SELECT count(*) FROM account_totp").first!.decode(Int.self) == 1)

            let reset = try await Self.run(["account", "mfa", "reset", "stab@example.org", "--reason", "Handy verloren", "--yes"], url)
            #expect(reset.status == 0, "\(reset.output)")
            #expect(try await database.query("SELECT count(*) FROM account_totp").first!.decode(Int.self) == 0)
            #expect(try await database.query("SELECT count(*) FROM account_recovery_codes").first!.decode(Int.self) == 0)
            #expect(try await database.query("SELECT count(*) FROM sessions WHERE revoked_at IS NULL").first!.decode(Int.self) == 0)
            let events = try await database.query("SELECT action, actor_label, reason FROM audit_events WHERE action = 'account.mfa-reset'")
                .map { try $0.decode((String, String, String?).self) }
            #expect(events.count == 1)
            #expect(events.first?.1 == "cli" && events.first?.2 == "Handy verloren")
            #expect(try await service.secondFactorStatus(of: account).enrolled == false)

            let again = try await Self.run(["account", "mfa", "reset", "stab@example.org", "--reason", "nochmal", "--yes"], url)
            #expect(again.status == 1)
            #expect(again.output.contains("has no second factor"))
        }
    }
}
