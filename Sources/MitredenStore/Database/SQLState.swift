import MitredenDomain
import PostgresNIO

/// The SQLSTATE codes the services act on, named once. PostgreSQL's list:
/// https://www.postgresql.org/docs/15/errcodes-appendix.html
public enum SQLState {
    public static let uniqueViolation = "23505"
    public static let foreignKeyViolation = "23503"
    public static let checkViolation = "23514"
    public static let notNullViolation = "23502"
    public static let exclusionViolation = "23P01"
    public static let serializationFailure = "40001"
    public static let deadlockDetected = "40P01"
    public static let characterNotInRepertoire = "22021"
    public static let untranslatableCharacter = "22P05"
    public static let datetimeFieldOverflow = "22008"
    /// A statement cancelled by `statement_timeout` (or a cancel request).
    public static let queryCanceled = "57014"
    /// A write in a read-only transaction, e.g. on a hot standby (the replica).
    public static let readOnlyTransaction = "25006"

    /// The SQLSTATE of a server error, nil for anything else.
    public static func of(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// The constraint a server error names, if any.
    public static func constraint(of error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.constraintName]
    }
}
