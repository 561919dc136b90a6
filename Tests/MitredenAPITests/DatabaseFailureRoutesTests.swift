import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenStore
import Synchronization
import TestSupport
import Testing

/// A request whose database work fails (its backend terminated, or past the statement
/// timeout) answers 503 at once, and the next request is served: no hang, no crash.
/// The request is held inside PostgreSQL by a lock the test takes on `campaigns`.
@Suite struct DatabaseFailureRoutesTests {
    @Test func requestWhoseBackendIsTerminatedAnswers503AndTheNextSucceeds() async throws {
        try await withTestApp { client, database in
            let name = try await database.query("SELECT current_database()")[0].decode(String.self)
            let release = try await LockedTable(database, table: "campaigns")
            let answered = AnsweredFlag()
            let blocked = Task {
                defer { answered.set() }
                return try await client.send(.get, "/v1/campaigns")
            }
            // The runtime role may terminate its own backends; the owner may not. The app's
            // workers may wait on the lock too, so every waiting backend of the runtime role
            // is terminated until the request has its answer.
            let runtime = try TestCluster.runtimeURL(for: try TestCluster.url().with(database: name))
            let terminated = try await TestDatabases.withClient(runtime, poolSize: 1) { runtimeDatabase in
                var terminated = 0
                for _ in 0..<200 {
                    terminated += try await runtimeDatabase.query(
                        """
                        SELECT count(pg_terminate_backend(pid))::int FROM (
                          SELECT pid FROM pg_stat_activity
                          WHERE datname = current_database() AND usename = current_user AND wait_event_type = 'Lock'
                          OFFSET 0) waiting
                        """)[0].decode(Int.self)
                    if terminated > 0, answered.isSet { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                return terminated
            }
            #expect(terminated >= 1)
            let response = try await blocked.value
            #expect(response.status == .serviceUnavailable)
            #expect(try response.problem().type.hasSuffix("/unavailable"))
            try await release.release()
            #expect(try await client.send(.get, "/v1/campaigns").status == .ok)
        }
    }

    @Test func requestPastTheStatementTimeoutAnswers503AndTheNextSucceeds() async throws {
        try await withTestApp(configure: { $0.databaseTimeouts = DatabaseTimeouts(statement: .seconds(1)) }) { client, database in
            let release = try await LockedTable(database, table: "campaigns")
            let start = ContinuousClock.now
            let response = try await client.send(.get, "/v1/campaigns")
            #expect(response.status == .serviceUnavailable)
            #expect(try response.problem().type.hasSuffix("/unavailable"))
            #expect(ContinuousClock.now - start < .seconds(5))
            try await release.release()
            #expect(try await client.send(.get, "/v1/campaigns").status == .ok)
        }
    }
}

/// Holds `ACCESS EXCLUSIVE` on a table in a transaction of the owner's until released.
private final class LockedTable: Sendable {
    private let task: Task<Void, any Error>
    private let unlock: AsyncStream<Void>.Continuation

    init(_ database: Database, table: String) async throws {
        let (locked, lockedSignal) = AsyncStream<Void>.makeStream()
        let (unlockStream, unlock) = AsyncStream<Void>.makeStream()
        self.unlock = unlock
        self.task = Task {
            try await database.withTransaction { tx in
                try await tx.query("LOCK TABLE \(unescaped: table) IN ACCESS EXCLUSIVE MODE")
                lockedSignal.yield()
                for await _ in unlockStream { break }
            }
        }
        for await _ in locked { break }
    }

    func release() async throws {
        unlock.yield()
        _ = try await task.value
    }
}

/// Set once the request has its answer.
private final class AnsweredFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
