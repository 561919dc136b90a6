import Logging
import Metrics
import PostgresNIO

/// The one door to PostgreSQL for the services: a pooled client plus the bookkeeping that
/// operations need (connections in use, for `/metrics`) and the mapping of SQLSTATEs to
/// ``StoreError``s, so that a unique violation becomes a conflict and never a 500.
public struct Database: Sendable {
    public let client: PostgresClient
    public let logger: Logger
    private let inUse: Gauge
    private let counter: LeaseCounter

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        self.inUse = Gauge(label: "mitreden_db_connections_in_use")
        self.counter = LeaseCounter()
    }

    /// Runs one statement and collects its rows.
    @discardableResult
    public func query(_ query: PostgresQuery, file: String = #fileID, line: Int = #line) async throws -> [PostgresRow] {
        try await withConnection { connection in
            try await connection.query(query, logger: logger, file: file, line: line).collect()
        }
    }

    /// Leases a connection for the closure's lifetime.
    public func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        inUse.record(counter.add(1))
        defer { inUse.record(counter.add(-1)) }
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch let error as PSQLError {
            throw StoreError(mapping: error)
        }
    }

    /// Runs the closure in a transaction: committed when it returns, rolled back when it throws.
    public func withTransaction<Result: Sendable>(
        isolation: IsolationLevel = .readCommitted,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await connection.query("BEGIN ISOLATION LEVEL \(unescaped: isolation.rawValue)", logger: logger)
            do {
                let result = try await body(connection)
                try await connection.query("COMMIT", logger: logger)
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    public enum IsolationLevel: String, Sendable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }
}

/// A thread-safe counter of leased connections for the pool gauge.
final class LeaseCounter: Sendable {
    private let value = Mutex(0)
    func add(_ delta: Int) -> Int { value.withLock { $0 += delta; return $0 } }
}

import Synchronization
