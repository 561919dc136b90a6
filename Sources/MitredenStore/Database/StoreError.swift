import PostgresNIO

/// What the services report when something is refused or cannot be done. The HTTP layer
/// turns each case into a problem+json response; none of them carries SQL text.
public enum StoreError: Error, Sendable, Equatable {
    /// The object does not exist (or the caller may not know it exists).
    case notFound(String)
    /// The request collides with existing state (a unique key, a claimed item).
    case conflict(String)
    /// The request breaks a rule of the domain; `field` names the input at fault.
    case invalid(field: String?, message: String)
    /// The database cannot be reached or refused service.
    case unavailable(String)
    /// Anything else: a bug. Its detail is logged, never shown.
    case unexpected(String)

    /// Maps PostgreSQL errors to domain errors at the boundary (SQLSTATE classes 23, 08, 57).
    public init(mapping error: any Error) {
        if let error = error as? StoreError { self = error; return }
        guard let psql = error as? PSQLError else { self = .unexpected(String(reflecting: error)); return }
        switch psql.code {
        case .connectionError, .uncleanShutdown, .serverClosedConnection, .clientClosedConnection,
             .poolClosed:
            self = .unavailable("the database cannot be reached")
            return
        default: break
        }
        // Never the query: its bound values may be e-mail addresses or password hashes,
        // and this text is logged.
        guard let state = psql.serverInfo?[.sqlState] else {
            self = .unexpected("PostgreSQL client error \(psql.code)"); return
        }
        let constraint = psql.serverInfo?[.constraintName] ?? "a constraint"
        switch state {
        case "23505": self = .conflict("already exists (\(constraint))")
        case "23503": self = .notFound("a referenced object does not exist (\(constraint))")
        case "23514", "23502", "23P01": self = .invalid(field: nil, message: "violates \(constraint)")
        case "40001", "40P01": self = .conflict("a concurrent change got there first; try again")
        // Data exceptions come from values a client sent: a 422, never a 500.
        case "22021", "22P05": self = .invalid(field: nil, message: "text must not contain the NUL character (\\u0000)")
        case "22008": self = .invalid(field: nil, message: "a date or time is out of the supported range")
        case let state where state.hasPrefix("22"): self = .invalid(field: nil, message: "a value is out of range or malformed")
        default:
            if state.hasPrefix("08") || state.hasPrefix("57") {
                self = .unavailable("the database is not accepting requests")
            } else {
                self = .unexpected("SQLSTATE \(state): \(psql.serverInfo?[.message] ?? "")")
            }
        }
    }
}
