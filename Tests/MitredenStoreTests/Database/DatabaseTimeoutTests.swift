import Foundation
import MitredenStore
import PostgresNIO
import TestSupport
import Testing

/// Every statement of the server has a time limit: PostgreSQL's `statement_timeout` for
/// one that runs too long, and a client-side deadline for a pool that has no connection to
/// give. Either ends as `ServiceError.unavailable` (503), never as a wait without end.
@Suite struct DatabaseTimeoutTests {
    @Test func statementPastTheTimeoutIsCancelledByTheServerAsUnavailable() async throws {
        try await withTestDatabase { url, _ in
            let timeouts = DatabaseTimeouts(statement: .seconds(1))
            try await withTimedClient(url, timeouts: timeouts) { database in
                let start = ContinuousClock.now
                await #expect(throws: ServiceError.unavailable("the database took too long to answer (statement timeout)")) {
                    try await database.query("SELECT pg_sleep(10)")
                }
                #expect(ContinuousClock.now - start < .seconds(5))
                // The connection stays usable.
                let setting = try await database.query("SHOW statement_timeout")[0].decode(String.self)
                #expect(setting == "1s")
            }
        }
    }

    @Test func statementTimeoutInsideATransactionEndsItAsUnavailable() async throws {
        try await withTestDatabase { url, _ in
            try await withTimedClient(url, timeouts: DatabaseTimeouts(statement: .milliseconds(500))) { database in
                await #expect(throws: ServiceError.self) {
                    try await database.withTransaction { tx in try await tx.query("SELECT pg_sleep(5)") }
                }
                let two = try await database.withTransaction { tx in try await tx.query("SELECT 2")[0].decode(Int.self) }
                #expect(two == 2)
            }
        }
    }

    /// At the statement timeout, not at the client deadline (the timeout plus its grace):
    /// a grace of 3 s here would show.
    @Test func waitingForABusyPoolEndsAtTheStatementTimeout() async throws {
        try await withTestDatabase { url, _ in
            let timeouts = DatabaseTimeouts(statement: .milliseconds(500), grace: .seconds(3))
            try await withTimedClient(url, poolSize: 1, timeouts: timeouts) { database in
                let holder = Task {
                    try await database.withTransaction { tx in
                        try await tx.query("SELECT 1")
                        try await Task.sleep(for: .seconds(3))
                    }
                }
                try await Task.sleep(for: .milliseconds(200))
                let start = ContinuousClock.now
                await #expect(throws: ServiceError.self) { try await database.query("SELECT 1") }
                #expect(ContinuousClock.now - start < .milliseconds(2500))
                try await holder.value
                let three = try await database.query("SELECT 3")[0].decode(Int.self)
                #expect(three == 3)
            }
        }
    }

    /// A pool to `url` with the server's timeouts, closed afterwards.
    private func withTimedClient<Result: Sendable>(
        _ url: DatabaseURL, poolSize: Int = 2, timeouts: DatabaseTimeouts, _ body: (Database) async throws -> Result
    ) async throws -> Result {
        let client = PostgresClient(
            configuration: url.clientConfiguration(poolSize: poolSize, timeouts: timeouts), backgroundLogger: TestDatabases.logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            // Connected before the test starts its clock: the wait for a pool connection ends
            // at the statement timeout, and logging in takes longer than that on a busy machine.
            _ = try await Database(client: client, logger: TestDatabases.logger).query("SELECT 1")
            return try await body(Database(client: client, logger: TestDatabases.logger, timeouts: timeouts))
        }
    }
}
