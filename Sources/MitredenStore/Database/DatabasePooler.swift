/// What stands between the server and PostgreSQL (`MITREDEN_DATABASE_POOLER`).
///
/// PgBouncer in transaction mode hands each transaction (each statement outside one) to
/// whichever server connection is free, so nothing a session keeps survives from one
/// transaction to the next: a named prepared statement parsed on one server connection is
/// unknown on the next (PgBouncer 1.18 does not track them), `LISTEN` hears nothing once
/// its transaction ended, and startup parameters other than the few it knows are refused.
public enum DatabasePooler: String, Sendable, CaseIterable {
    /// The server talks to PostgreSQL itself (or through a session-mode pooler).
    case none
    /// A transaction-mode pooler such as PgBouncer's `pool_mode = transaction`.
    case transaction

    /// Named prepared statements (the hot paths, ``PreparedRows``); otherwise the same
    /// SQL runs as an unnamed statement, parsed and planned per execution.
    public var usesNamedStatements: Bool { self == .none }
    /// `LISTEN` for queued mail (``OutboxListener``); otherwise the mail worker polls.
    public var allowsListen: Bool { self == .none }
    /// `plan_cache_mode` and `statement_timeout` as startup parameters; behind a pooler
    /// they are set on the role instead (`ALTER ROLE … SET statement_timeout`, README).
    public var acceptsStartupParameters: Bool { self == .none }
}
