import Foundation
import MitredenDomain
import MitredenStore
import PostgresNIO

/// The one place where the services' ``ServiceError`` becomes what an operator sees: a
/// line on standard error and an exit status. Every case is named, so a new case is a
/// compile error here until it has a message and a status.
extension ServiceError {
    /// 1: refused by the rules (fix the input or the state and run again); 69: the
    /// database is unavailable (start it, run again); 70: a bug (report it).
    var exitStatus: Int32 {
        switch self {
        case .notFound, .unauthenticated, .secondFactor, .forbidden, .conflict, .invalid, .phaseClosed, .tooManyRequests, .resultsPending: 1
        case .unavailable: 69
        case .unexpected: 70
        }
    }

    /// One line (per field, for invalid input) an operator can act on.
    var operatorMessage: String {
        switch self {
        case .notFound(let detail), .unauthenticated(let detail), .forbidden(let detail): detail
        case .conflict(_, let detail): detail
        case .secondFactor(let refusal): refusal.message
        case .invalid(let problems): problems.map { "\($0.field): \($0.message)" }.joined(separator: "\n")
        case .phaseClosed(let refusal): refusal.description
        case .tooManyRequests(let seconds): "too many attempts; try again in \(seconds) seconds"
        case .resultsPending(let detail, _): detail
        case .unavailable(let detail): "\(detail) — is it running? (Deploy/local-postgres.sh start)"
        case .unexpected(let detail): "internal error: \(detail)"
        }
    }
}

extension CommandFailure {
    /// The operator's view of whatever a service threw.
    init(_ error: ServiceError) {
        self.init(error.operatorMessage, exitStatus: error.exitStatus)
    }
}

extension CommandEnvironment {
    /// Runs a service call with the database; refusals of the services become
    /// ``CommandFailure``s with the message and status above.
    func runService<Result: Sendable>(_ body: @escaping @Sendable (Database) async throws -> Result) async throws -> Result {
        do {
            return try await withDatabase(body)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(ServiceError(mapping: error))
        }
    }

    func accountService(_ database: Database) -> AccountService {
        AccountService(database: database, settings: configuration.accounts, clock: configuration.clock)
    }

    /// Finds an account by id or e-mail address.
    static func resolveAccount(_ reference: String, in database: Database) async throws -> AccountRecord {
        try await AccountService(database: database, settings: AccountSettings(), clock: .system).account(named: reference)
    }
}
