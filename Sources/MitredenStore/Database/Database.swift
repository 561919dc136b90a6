import Logging
import MitredenDomain
import PostgresNIO
import Synchronization

/// The pool: the one door to PostgreSQL for the services, plus the bookkeeping operations
/// need (connections in use, for `/metrics`). Errors leaving it are ``ServiceError``s, so
/// a unique violation becomes a conflict and never a 500.
public struct Database: SQLExecutor {
    public let client: PostgresClient
    public let logger: Logger
    /// The client-side deadlines; the server-side `statement_timeout` is set when each
    /// connection logs in (``DatabaseURL/clientConfiguration(poolSize:timeouts:)``).
    public let timeouts: DatabaseTimeouts
    /// What stands between this pool and PostgreSQL (`MITREDEN_DATABASE_POOLER`).
    public let pooler: DatabasePooler
    /// The streaming replica that anonymous public reads may use (``ReplicaReads``).
    public let replica: ReplicaPool?
    private let counter: LeaseCounter

    public init(
        client: PostgresClient, logger: Logger, timeouts: DatabaseTimeouts = .none, pooler: DatabasePooler = .none,
        replica: ReplicaPool? = nil
    ) {
        self.client = client
        self.logger = logger
        self.timeouts = timeouts
        self.pooler = pooler
        self.replica = replica
        self.counter = LeaseCounter()
    }

    private func transaction(on connection: PostgresConnection) -> Transaction {
        var tx = Transaction(connection: connection, logger: logger, timeouts: timeouts)
        tx.namedStatements = pooler.usesNamedStatements
        return tx
    }

    /// The replica when this task may read there (``ReplicaReads``), it is in time, and no
    /// request's unit of work is open on the primary (its reads must see its writes).
    private var replicaForThisRead: ReplicaPool? {
        guard ReplicaReads.allowed, let replica, UnitOfWork.joinable(for: client) == nil, replica.isServing else { return nil }
        return replica
    }

    /// Connections of this pool leased right now (`mitreden_db_connections_in_use`).
    public var connectionsInUse: Int { counter.add(0) }

    /// Runs one statement on a connection leased for it alone.
    public func run(_ query: PostgresQuery, file: String, line: Int) async throws -> [PostgresRow] {
        if let unit = UnitOfWork.joinable(for: client) {
            return try await unit.savepoint { try await unit.transaction.run(query, file: file, line: line) }
        }
        if let replica = replicaForThisRead {
            // A replica that fails (gone, cancelled by recovery, behind a cut) costs the
            // reader a second try on the primary, never an error.
            do { return try await replica.database.run(query, file: file, line: line) } catch  where !(error is CancellationError) {
                replica.countFallback()
            }
        }
        return try await withConnection { connection in
            try await transaction(on: connection).run(query, file: file, line: line)
        }
    }

    /// Runs a named prepared statement on a connection leased for it alone.
    public func runPrepared<Statement: PostgresPreparedStatement>(_ statement: Statement, file: String, line: Int) async throws
        -> [Statement.Row]
    where Statement.Row: Sendable {
        if let unit = UnitOfWork.joinable(for: client) {
            return try await unit.savepoint { try await unit.transaction.runPrepared(statement, file: file, line: line) }
        }
        if let replica = replicaForThisRead {
            do { return try await replica.database.runPrepared(statement, file: file, line: line) } catch  where !(error is CancellationError) {
                replica.countFallback()
            }
        }
        return try await withConnection { connection in
            try await transaction(on: connection).runPrepared(statement, file: file, line: line)
        }
    }

    /// Runs the closure in a transaction: committed when it returns, rolled back when it
    /// throws. Everything inside runs on the transaction's connection. Inside a request's
    /// ``UnitOfWork`` it joins that transaction under a savepoint instead.
    public func withTransaction<Result: Sendable>(
        isolation: IsolationLevel = .readCommitted,
        _ body: (Transaction) async throws -> Result
    ) async throws -> Result {
        if let unit = UnitOfWork.joinable(for: client) {
            // The unit is READ COMMITTED; a stronger level cannot be had inside it. The
            // operations that take an Idempotency-Key never ask for one (a test keeps it so).
            guard isolation == .readCommitted else {
                throw ServiceError.unexpected("a \(isolation.rawValue) transaction cannot join a request's unit of work")
            }
            return try await unit.savepoint { try await body(unit.transaction) }
        }
        // A hot standby has no serialisable transactions.
        if isolation != .serializable, let replica = replicaForThisRead {
            // Retried on the primary only while nothing of the body ran (its output may
            // already be on its way: a streamed export), or when it tried to write there.
            var bodyStarted = false
            do {
                return try await replica.database.withTransaction(isolation: isolation) { tx in
                    bodyStarted = true
                    do { return try await body(tx) } catch let error as PSQLError where error.serverInfo?[.sqlState] == SQLState.readOnlyTransaction {
                        throw ReplicaRefusedWrite()
                    }
                }
            } catch is ReplicaRefusedWrite {
                replica.countFallback()
            } catch  where !bodyStarted && !(error is CancellationError) {
                replica.countFallback()
            }
        }
        return try await withConnection { connection in
            let tx = transaction(on: connection)
            try await tx.query("BEGIN ISOLATION LEVEL \(unescaped: isolation.rawValue)")
            do {
                let result = try await body(tx)
                try await tx.query("COMMIT")
                return result
            } catch {
                _ = try? await tx.query("ROLLBACK")
                throw error
            }
        }
    }

    public func transaction<Result: Sendable>(_ body: (Transaction) async throws -> Result) async throws -> Result {
        try await withTransaction(body)
    }

    /// Leases a connection for the closure's lifetime; PostgreSQL's errors leave it as
    /// ``ServiceError``s. Internal: only session-level work (the migration runner's advisory
    /// lock) needs a bare connection; services use ``withTransaction(isolation:_:)``.
    func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        _ = counter.add(1)
        defer { _ = counter.add(-1) }
        do {
            guard let leaseWait = timeouts.statement else {
                return try await client.withConnection { connection in try await body(connection) }
            }
            // PostgresClient waits for a connection for as long as it takes; a pool that
            // cannot connect (the server is down) would keep the request waiting for ever.
            // The wait ends at the statement timeout, as documented, not at the client
            // deadline: its grace is for a connection that stopped answering, and there is
            // none yet. With the deadline, every request during an outage waited 7 s at a
            // 2 s timeout (Tests/Faults, scenario kill-postgres).
            let lease = try await PoolLease.take(from: client, within: leaseWait)
            defer { lease.release() }
            return try await body(lease.connection)
        } catch let error as PSQLError {
            // Anything else (a ServiceError, a caller's own error) passes through as thrown.
            throw ServiceError(mapping: error)
        }
    }

    public enum IsolationLevel: String, Sendable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
        /// One consistent, read-only view for a whole export or verification.
        case readOnlySnapshot = "REPEATABLE READ, READ ONLY"
    }
}

/// A write reached the replica inside a transaction meant for reading: run it on the primary.
private struct ReplicaRefusedWrite: Error {}

/// A thread-safe counter of leased connections, read by `/metrics`.
final class LeaseCounter: Sendable {
    private let value = Mutex(0)
    func add(_ delta: Int) -> Int {
        value.withLock {
            $0 += delta; return $0
        }
    }
}
