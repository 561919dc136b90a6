import Foundation
import MitredenAPI
import MitredenStore

extension CommandEnvironment {
    /// Runs a service call with the database, turning refusals of the services (invalid
    /// fields, conflicts, unknown objects) into one-line operator messages.
    func runService<Result: Sendable>(_ body: @escaping @Sendable (Database) async throws -> Result) async throws -> Result {
        do {
            return try await withDatabase(body)
        } catch let error as APIError {
            throw CommandFailure(error.detail)
        } catch let error as StoreError {
            switch error {
            case .notFound(let detail), .conflict(let detail), .unavailable(let detail): throw CommandFailure(detail)
            case .invalid(let field, let message): throw CommandFailure("\(field ?? "input"): \(message)")
            case .unexpected: throw error
            }
        }
    }

    func accountService(_ database: Database) -> AccountService {
        AccountService(database: database, settings: configuration.accounts, clock: configuration.clock)
    }

    /// Finds an account by id or e-mail address.
    static func resolveAccount(_ reference: String, in database: Database) async throws -> AccountRecord {
        if let id = UUID(uuidString: reference), let account = try await Accounts(database: database).find(id: id) {
            return account
        }
        let email = reference.trimmingCharacters(in: .whitespaces).lowercased()
        guard let found = try await Accounts(database: database).credentials(email: email) else {
            throw CommandFailure("no account \(reference)")
        }
        return found.account
    }
}
