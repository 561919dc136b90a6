import ArgumentParser
import Foundation
import MitredenDomain
import MitredenStore

/// `mitreden unit …`: organisational units and their staff.
struct UnitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unit",
        abstract: "Create and list organisational units; list, add and remove members.",
        subcommands: [Create.self, List.self, Members.self, AddMember.self, RemoveMember.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a unit.")
        @Argument(help: "Slug: lower-case letters, digits, hyphens.") var slug: String
        @Option(help: "Name shown to people.") var name: String

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let (slug, name) = (self.slug, self.name)
            let unit = try await environment.runService { database in
                try await UnitService(database: database, clock: environment.configuration.clock).create(slug: slug, name: name, by: .commandLine)
            }
            print("created unit \(unit.slug)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List units (slug, name, created).")
        @OptionGroup var output: OutputFormat

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let units = try await environment.runService { database in
                try await UnitService(database: database, clock: environment.configuration.clock).list()
            }
            try CommandOutput.print(
                Listing(items: units.map(UnitListItem.init), total: units.count), json: output.json, headers: ["SLUG", "NAME", "CREATED"],
                row: { [$0.slug, $0.name, CommandOutput.time($0.createdAt)] }, empty: "no units")
        }
    }

    struct Members: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a unit's staff with their roles (account id, display name, e-mail, status, role).")
        @Argument(help: "Unit slug.") var unit: String
        @OptionGroup var output: OutputFormat

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let unit = self.unit
            let members = try await environment.runService { database in
                try await UnitService(database: database, clock: environment.configuration.clock).members(of: unit)
            }
            try CommandOutput.print(
                Listing(items: members.map(UnitMemberItem.init), total: members.count), json: output.json,
                headers: ["ACCOUNT", "NAME", "E-MAIL", "STATUS", "ROLE"],
                row: { [$0.accountId, $0.displayName ?? "-", $0.email ?? "-", $0.status, $0.role] }, empty: "\(unit) has no members")
        }
    }

    struct AddMember: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-member", abstract: "Give an account a role in a unit.")
        @Argument(help: "Unit slug.") var unit: String
        @Argument(help: "Account id or e-mail address.") var account: String
        @Option(help: "moderator, official or manager.") var role: String

        func run() async throws {
            guard let role = UnitRole(rawValue: role) else { throw CommandFailure("--role must be moderator, official or manager") }
            let environment = try CommandEnvironment.load()
            let (unit, reference) = (self.unit, account)
            try await environment.runService { database in
                let account = try await CommandEnvironment.resolveAccount(reference, in: database)
                try await UnitService(database: database, clock: environment.configuration.clock)
                    .addMember(unit: unit, account: account.id, role: role, by: .commandLine)
            }
            print("added \(role.rawValue)")
        }
    }

    struct RemoveMember: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove-member", abstract: "Take a role (or, without --role, all roles) in a unit from an account.",
            discussion: "Asks for confirmation on a terminal; elsewhere pass --yes.")
        @Argument(help: "Unit slug.") var unit: String
        @Argument(help: "Account id or e-mail address.") var account: String
        @Option(help: "moderator, official or manager; all when omitted.") var role: String?
        @Flag(help: "Do not ask for confirmation.") var yes = false

        func run() async throws {
            let role = try self.role.map { text in
                guard let role = UnitRole(rawValue: text) else { throw CommandFailure("--role must be moderator, official or manager") }
                return role
            }
            let environment = try CommandEnvironment.load()
            let (unit, reference, confirmed) = (self.unit, account, yes)
            try await environment.runService { database in
                let account = try await CommandEnvironment.resolveAccount(reference, in: database)
                if !confirmed {
                    try Confirmation.ask(
                        "Take \(role.map { "the \($0.rawValue) role" } ?? "every role") in \(unit) from "
                            + "\(TerminalText.sanitized(account.displayName ?? reference))?")
                }
                try await UnitService(database: database, clock: environment.configuration.clock)
                    .removeMember(unit: unit, account: account.id, role: role, by: .commandLine)
            }
            print("removed")
        }
    }
}

/// A unit as `unit list --json` prints it.
struct UnitListItem: Encodable {
    let slug: String
    let name: String
    let createdAt: Date
    init(_ unit: UnitRecord) {
        slug = unit.slug
        name = unit.name
        createdAt = unit.createdAt
    }
}

/// One role of a member as `unit members --json` prints it.
struct UnitMemberItem: Encodable {
    let accountId: String
    let displayName: String?
    let email: String?
    let status: String
    let role: String
    init(_ member: UnitMember) {
        accountId = member.account.uuidString.lowercased()
        displayName = member.displayName
        email = member.email
        status = member.status.rawValue
        role = member.role.rawValue
    }
}
