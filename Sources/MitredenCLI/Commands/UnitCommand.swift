import ArgumentParser
import Foundation
import MitredenStore

/// `mitreden unit …`: organisational units and their staff.
struct UnitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unit",
        abstract: "Create and list organisational units; add and remove members.",
        subcommands: [Create.self, List.self, AddMember.self, RemoveMember.self]
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
        static let configuration = CommandConfiguration(abstract: "List units (slug, name).")

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let units = try await environment.runService { database in
                try await UnitService(database: database, clock: environment.configuration.clock).list()
            }
            for unit in units { print("\(unit.slug)\t\(unit.name)") }
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
            commandName: "remove-member", abstract: "Take a role (or, without --role, all roles) in a unit from an account.")
        @Argument(help: "Unit slug.") var unit: String
        @Argument(help: "Account id or e-mail address.") var account: String
        @Option(help: "moderator, official or manager; all when omitted.") var role: String?

        func run() async throws {
            let role = try self.role.map { text in
                guard let role = UnitRole(rawValue: text) else { throw CommandFailure("--role must be moderator, official or manager") }
                return role
            }
            let environment = try CommandEnvironment.load()
            let (unit, reference) = (self.unit, account)
            try await environment.runService { database in
                let account = try await CommandEnvironment.resolveAccount(reference, in: database)
                try await UnitService(database: database, clock: environment.configuration.clock)
                    .removeMember(unit: unit, account: account.id, role: role, by: .commandLine)
            }
            print("removed")
        }
    }
}
