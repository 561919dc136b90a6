import ArgumentParser
import Foundation
import MitredenDomain
import MitredenStore

#if canImport(Glibc)
import Glibc
#endif

/// `mitreden account …`: staff accounts, suspension and the GDPR rights for an account.
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Create, list and suspend accounts; list their sessions, reset their second factor; export or erase their personal data.",
        subcommands: [Create.self, List.self, Reset.self, Suspend.self, District.self, SessionList.self, SecondFactor.self, Export.self, Erase.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a verified account (the first admin, staff).",
            discussion: """
                The password is read from standard input (one line) or, on a terminal, prompted \
                for without echo. With --generate-password one is generated and printed once.
                """
        )
        @Option(help: "E-mail address.") var email: String
        @Option(help: "Public display name.") var displayName: String
        @Option(help: "Global role: participant or admin.") var role: String = "participant"
        @Flag(help: "Generate a password and print it once.") var generatePassword = false

        func run() async throws {
            guard let role = GlobalRole(rawValue: role) else { throw CommandFailure("--role must be participant or admin") }
            let password = generatePassword ? SecretToken.generate().text : try PasswordInput.read()
            let environment = try CommandEnvironment.load()
            let (email, displayName) = (self.email, self.displayName)
            let id = try await environment.runService { database in
                try await environment.accountService(database).createStaff(
                    email: email, password: password, displayName: displayName, role: role, by: .commandLine
                )
            }
            print("created account \(id.uuidString.lowercased()) (\(role.rawValue))")
            if generatePassword { print("password: \(password)") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List accounts (id, role, status, verified, display name, e-mail, unit roles), oldest first.",
            discussion: "A page of --limit accounts; when more match, standard error says how many were left out and how to see them."
        )
        @Option(help: "Only accounts whose e-mail or display name contains this.") var search: String?
        @Option(help: "Accounts per page (1–1000).") var limit = 100
        @Option(help: "Accounts to skip, for the next page.") var offset = 0
        @OptionGroup var output: OutputFormat

        func validate() throws {
            guard (1...1000).contains(limit) else { throw ValidationError("--limit must be from 1 to 1000") }
            guard offset >= 0 else { throw ValidationError("--offset must not be negative") }
        }

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let (search, limit, offset) = (self.search, self.limit, self.offset)
            let page = try await environment.runService { database in
                try await environment.accountService(database).list(search: search, limit: limit, offset: offset)
            }
            let listing = Listing(items: page.accounts.map(AccountListItem.init), total: page.total)
            try CommandOutput.print(
                listing, json: output.json, headers: ["ID", "ROLE", "STATUS", "VERIFIED", "NAME", "E-MAIL", "UNITS"],
                row: { account in
                    [
                        account.id, account.role, account.status, account.verified ? "yes" : "no", account.displayName ?? "-",
                        account.email ?? "-", account.units.isEmpty ? "-" : account.units.map { "\($0.unit):\($0.role)" }.joined(separator: ","),
                    ]
                }, empty: "no accounts",
                more: offset + page.accounts.count < page.total ? "next page: --offset \(offset + page.accounts.count)" : nil)
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a new password for an account and end its sessions.",
            discussion: "The password is read like for `account create`, or generated with --generate-password."
        )
        @Argument(help: "Account id or e-mail address.") var account: String
        @Option(help: "Why (recorded in the audit log).") var reason: String
        @Flag(help: "Generate a password and print it once.") var generatePassword = false

        func run() async throws {
            let password = generatePassword ? SecretToken.generate().text : try PasswordInput.read()
            let environment = try CommandEnvironment.load()
            let (reference, reason) = (account, self.reason)
            try await environment.runService { database in
                let account = try await CommandEnvironment.resolveAccount(reference, in: database)
                try await environment.accountService(database).resetPassword(account.id, to: password, by: .commandLine, reason: reason)
            }
            print("password reset; all sessions ended")
            if generatePassword { print("password: \(password)") }
        }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suspend an account (ends its sessions) or, with --lift, reactivate it.")
        @Argument(help: "Account id or e-mail address.") var account: String
        @Option(help: "Why (recorded in the audit log).") var reason: String
        @Flag(help: "Reactivate instead.") var lift = false

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let (reference, reason, status) = (account, self.reason, lift ? AccountStatus.active : .suspended)
            try await environment.runService { database in
                let account = try await CommandEnvironment.resolveAccount(reference, in: database)
                try await environment.accountService(database).setStatus(account.id, status, by: .commandLine, reason: reason)
            }
            print(lift ? "reactivated" : "suspended")
        }
    }

    struct District: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Correct the district an account votes in (ballots limited to one's own district).",
            discussion: "Participants cannot change their district themselves, so it cannot be switched during a vote. Audited."
        )
        @Argument(help: "Account id or e-mail address.") var account: String
        @Option(help: "The district (as the campaign's area names it); empty to clear.") var set: String
        @Option(help: "Why (recorded in the audit log).") var reason: String

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let (reference, district, reason) = (account, set, self.reason)
            try await environment.runService { database in
                let account = try await CommandEnvironment.resolveAccount(reference, in: database)
                try await environment.accountService(database).setDistrict(account.id, to: district, by: .commandLine, reason: reason)
            }
            print(district.isEmpty ? "district cleared" : "district set to \(district)")
        }
    }

    struct SessionList: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sessions",
            abstract: "List an account's live sessions (id, created, last used, expires, network, client).",
            discussion: "Addresses are shown as their /24 (IPv4) or /48 (IPv6) network, never in full; times are UTC."
        )
        @Argument(help: "Account id or e-mail address.") var account: String
        @OptionGroup var output: OutputFormat

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let reference = account
            let sessions = try await environment.runService { database in
                let account = try await CommandEnvironment.resolveAccount(reference, in: database)
                return try await environment.accountService(database).sessions(of: account.id)
            }
            let listing = Listing(items: sessions.map(SessionListItem.init), total: sessions.count)
            try CommandOutput.print(
                listing, json: output.json, headers: ["ID", "CREATED", "LAST USED", "EXPIRES", "NETWORK", "CLIENT"],
                row: { session in
                    [
                        session.id, CommandOutput.time(session.createdAt), CommandOutput.time(session.lastUsedAt),
                        CommandOutput.time(session.expiresAt), session.network ?? "-", session.client ?? "-",
                    ]
                }, empty: "no live sessions")
        }
    }

    struct SecondFactor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mfa", abstract: "Manage an account's second factor (TOTP).", subcommands: [ResetSecondFactor.self])
    }

    struct ResetSecondFactor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset",
            abstract: "Remove an account's second factor (lost phone, no recovery codes left) and end its sessions.",
            discussion: """
                The next login needs the password only; under MITREDEN_STAFF_MFA_REQUIRED the account must then \
                set up a new second factor before it can do anything else. Audited. Asks for confirmation on a \
                terminal; elsewhere pass --yes.
                """
        )
        @Argument(help: "Account id or e-mail address.") var account: String
        @Option(help: "Why (recorded in the audit log), e.g. how the holder proved who they are.") var reason: String
        @Flag(help: "Do not ask for confirmation.") var yes = false

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let (reference, reason, confirmed) = (account, self.reason, yes)
            try await environment.runService { database in
                let account = try await CommandEnvironment.resolveAccount(reference, in: database)
                if !confirmed {
                    try Confirmation.ask(
                        "Remove the second factor of \(TerminalText.sanitized(account.displayName ?? reference)) and end its sessions?")
                }
                try await environment.accountService(database).resetSecondFactor(account.id, by: .commandLine, reason: reason)
            }
            print("second factor removed; all sessions ended")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every personal datum of an account as JSON (GDPR Art. 15).")
        @Argument(help: "Account id or e-mail address.") var account: String
        @Option(help: "Why (recorded in the audit log), e.g. the request's reference.") var reason: String

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let (reference, reason) = (account, self.reason)
            let data = try await environment.runService { database in
                let account = try await CommandEnvironment.resolveAccount(reference, in: database)
                return try await environment.accountService(database).export(account.id, by: .commandLine, reason: reason)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(data), as: UTF8.self))
        }
    }

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase an account's personal data (GDPR Art. 17); contributions stay, anonymised.",
            discussion: "It cannot be undone. Asks for confirmation on a terminal; elsewhere pass --yes."
        )
        @Argument(help: "Account id or e-mail address.") var account: String
        @Option(help: "Why (recorded in the audit log).") var reason: String
        @Flag(help: "Do not ask for confirmation.") var yes = false

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let (reference, reason, confirmed) = (account, self.reason, yes)
            try await environment.runService { database in
                let account = try await CommandEnvironment.resolveAccount(reference, in: database)
                if !confirmed {
                    try Confirmation.ask(
                        "Erase the personal data of \(TerminalText.sanitized(account.displayName ?? reference)) for good?")
                }
                try await environment.accountService(database).erase(account.id, by: .commandLine, reason: reason)
            }
            print("erased")
        }
    }
}

/// Reads a password without putting it on the command line (where `ps` shows it).
enum PasswordInput {
    static func read() throws -> String {
        if isatty(0) == 1 {
            guard let pointer = getpass("Password: ") else { throw CommandFailure("no password entered") }
            return String(cString: pointer)
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw CommandFailure("expected the password on standard input (or use --generate-password)")
        }
        return line
    }
}

/// Asks before a destructive command; without a terminal the command needs `--yes`.
enum Confirmation {
    static func ask(_ question: String) throws {
        guard isatty(0) == 1 else { throw CommandFailure("refusing without confirmation; run it on a terminal or pass --yes") }
        print("\(question) Type yes to go on: ", terminator: "")
        guard readLine(strippingNewline: true)?.lowercased() == "yes" else { throw CommandFailure("not confirmed; nothing changed") }
    }
}

/// An account as `account list --json` prints it.
struct AccountListItem: Encodable {
    struct UnitRoleItem: Encodable {
        let unit: String
        let role: String
    }
    let id: String
    let email: String?
    let displayName: String?
    let role: String
    let status: String
    let verified: Bool
    let district: String?
    let createdAt: Date
    let units: [UnitRoleItem]

    init(_ account: AccountRecord) {
        id = account.id.uuidString.lowercased()
        email = account.email
        displayName = account.displayName
        role = account.role.rawValue
        status = account.status.rawValue
        verified = account.isVerified
        district = account.district
        createdAt = account.createdAt
        units = account.memberships.map { UnitRoleItem(unit: $0.unitSlug, role: $0.role.rawValue) }
    }
}

/// A live session as `account sessions --json` prints it: network and client reduced as
/// on the terminal (``SessionDisplay``), never the full address.
struct SessionListItem: Encodable {
    let id: String
    let createdAt: Date
    let lastUsedAt: Date
    let expiresAt: Date
    let network: String?
    let client: String?

    init(_ session: SessionOverview) {
        id = session.id.description
        createdAt = session.createdAt
        lastUsedAt = session.lastUsedAt
        expiresAt = session.expiresAt
        network = session.network
        client = session.client
    }
}
