import MitredenDomain
import PostgresNIO

/// One input at fault: the field (a JSON path like `choices[2]`, or a CLI file's key), what
/// is wrong in words, and for refused ballots the slug of the broken rule.
public struct FieldProblem: Sendable, Equatable, Codable {
    public let field: String
    public let message: String
    /// For refused ballots: the slug of the broken rule (`over-budget`, …).
    public let rule: String?

    public init(field: String, message: String, rule: String? = nil) {
        self.field = field
        self.message = message
        self.rule = rule
    }
}

/// Why a request collides with the current state.
public enum ConflictKind: String, Sendable, Equatable, CaseIterable {
    /// The object exists already (a unique key).
    case exists
    /// The object is in a state that does not allow this (a held comment, a closed ballot).
    case state
    /// Another transaction changed the same rows first; trying again may work.
    case concurrentChange
    /// A participant's quota is used up (supports per campaign).
    case limitReached
}

/// Why a login with the right password still failed (issue 13).
public enum SecondFactorRefusal: String, Sendable, Equatable, CaseIterable {
    /// The account has a second factor and the login carried no code.
    case required
    /// The code or recovery code is wrong, expired or used already.
    case rejected

    public var message: String {
        switch self {
        case .required: "this account uses a second factor: send the authenticator app's current code as totp, or a recovery code as recoveryCode"
        case .rejected: "the code is wrong, expired or was used already"
        }
    }
}

/// What the services report when something is refused or cannot be done. It knows
/// nothing of HTTP: `MitredenAPI` turns it into problem+json in one place
/// (`ProblemMapping`), the CLI into a message and an exit code in another
/// (`ServiceFailures`). No case carries SQL text.
public enum ServiceError: Error, Sendable, Equatable {
    /// The object does not exist, or the caller may not know that it exists.
    case notFound(String)
    /// The caller is not known (no session, wrong credentials).
    case unauthenticated(String)
    /// The password was right, but the account logs in with a second factor too: none was
    /// sent, or the one sent is wrong or used. Only ever after the password was checked.
    case secondFactor(SecondFactorRefusal)
    /// The caller is known but may not do this.
    case forbidden(String)
    /// The request collides with existing state.
    case conflict(ConflictKind, String)
    /// The request breaks rules of the domain; each problem names its input.
    case invalid([FieldProblem])
    /// A participant's action outside the phase that allows it; names the phase.
    case phaseClosed(PhaseRefusal)
    /// Too many attempts; the caller may try again after this many seconds.
    case tooManyRequests(retryAfter: Int)
    /// Results that are computed after the vote closed and not stored yet; the caller may
    /// ask again after this many seconds. Readers never compute them themselves.
    case resultsPending(String, retryAfter: Int)
    /// The database cannot be reached or refused service.
    case unavailable(String)
    /// Anything else: a bug. Its detail is logged, never shown.
    case unexpected(String)

    /// One invalid field.
    public static func invalid(_ field: String, _ message: String) -> ServiceError {
        .invalid([FieldProblem(field: field, message: message)])
    }

    /// Maps PostgreSQL's errors to domain errors at the boundary (SQLSTATE classes 08, 22,
    /// 23, 40, 57); a ``ServiceError`` or ``PhaseRefusal`` passes through.
    public init(mapping error: any Error) {
        if let error = error as? ServiceError { self = error; return }
        if let refusal = error as? PhaseRefusal { self = .phaseClosed(refusal); return }
        guard let psql = error as? PSQLError else { self = .unexpected(String(reflecting: error)); return }
        switch psql.code {
        case .connectionError, .uncleanShutdown, .serverClosedConnection, .clientClosedConnection, .poolClosed:
            self = .unavailable("the database cannot be reached")
            return
        default: break
        }
        // Never the query: its bound values may be e-mail addresses or password hashes,
        // and this text is logged.
        guard let state = psql.serverInfo?[.sqlState] else {
            self = .unexpected("PostgreSQL client error \(psql.code)")
            return
        }
        let constraint = psql.serverInfo?[.constraintName] ?? "a constraint"
        switch state {
        case SQLState.uniqueViolation: self = .conflict(.exists, "already exists (\(constraint))")
        case SQLState.foreignKeyViolation: self = .notFound("a referenced object does not exist (\(constraint))")
        case SQLState.checkViolation, SQLState.notNullViolation, SQLState.exclusionViolation:
            self = .invalid("body", "violates \(constraint)")
        case SQLState.serializationFailure, SQLState.deadlockDetected:
            self = .conflict(.concurrentChange, "a concurrent change got there first; try again")
        // Data exceptions come from values a client sent: refused, never a crash.
        case SQLState.characterNotInRepertoire, SQLState.untranslatableCharacter:
            self = .invalid("body", "text must not contain the NUL character (\\u0000)")
        case SQLState.datetimeFieldOverflow: self = .invalid("body", "a date or time is out of the supported range")
        case let state where state.hasPrefix("22"): self = .invalid("body", "a value is out of range or malformed")
        case SQLState.queryCanceled: self = .unavailable("the database took too long to answer (statement timeout)")
        case let state where state.hasPrefix("08") || state.hasPrefix("57"):
            self = .unavailable("the database is not accepting requests")
        default:
            self = .unexpected("SQLSTATE \(state): \(psql.serverInfo?[.message] ?? "")")
        }
    }
}

extension ServiceError: CustomStringConvertible {
    /// One line for operators and logs.
    public var description: String {
        switch self {
        case .notFound(let detail), .unauthenticated(let detail), .forbidden(let detail), .unavailable(let detail),
            .unexpected(let detail), .conflict(_, let detail), .resultsPending(let detail, _):
            detail
        case .invalid(let problems): problems.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        case .phaseClosed(let refusal): refusal.description
        case .secondFactor(let refusal): refusal.message
        case .tooManyRequests(let seconds): "too many attempts; try again in \(seconds) seconds"
        }
    }
}
