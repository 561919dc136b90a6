import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

@testable import MitredenStore

/// `MITREDEN_DATABASE_POOLER=transaction` through a real PgBouncer (Debian's 1.18) in
/// transaction mode, both ways: with the setting the text of a named prepared statement
/// runs unnamed, so any number of client connections share one server connection; without
/// it the names collide on that connection. The setting also sends no startup parameter
/// PgBouncer would refuse.
@Suite struct TransactionPoolerTests {
    enum Probe: StatementText {
        static let name = "mitreden_pooler_probe"
        static let sql = "SELECT $1::int + 1 AS answer"
    }

    /// Forty probes at once through `Database(pooler:)` on four client connections that
    /// PgBouncer shares out over one server connection: each answer, or the error instead.
    static func probes(through url: DatabaseURL, pooler: DatabasePooler) async throws -> [Result<Int, any Error>] {
        // No startup parameters either way: PgBouncer would refuse the connection otherwise.
        let client = PostgresClient(
            configuration: url.clientConfiguration(poolSize: 4, pooler: .transaction), backgroundLogger: TestDatabases.logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let database = Database(client: client, logger: TestDatabases.logger, pooler: pooler)
            return await withTaskGroup(of: Result<Int, any Error>.self) { readers in
                for value in 0..<40 {
                    readers.addTask {
                        var bindings = PostgresBindings()
                        bindings.append(value)
                        do {
                            return .success(try await database.rows(Probe.self, bindings)[0].decode(Int.self))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                return await readers.reduce(into: []) { $0.append($1) }
            }
        }
    }

    @Test func preparedStatementTextRunsUnnamedOnSharedServerConnections() async throws {
        try await withTestDatabase { url, _ in
            try await TestPgBouncer.with(forwardingTo: url, serverConnections: 1) { through in
                let answers = try await Self.probes(through: through, pooler: .transaction)
                #expect(try answers.map { try $0.get() }.sorted() == Array(1...40))
            }
        }
    }

    /// The other way: without the setting the same statements run named, and a name one
    /// client connection parsed is already there when the next parses it on the server
    /// connection PgBouncer hands both. This is why the setting exists.
    @Test func namedStatementsBreakBehindTheSamePooler() async throws {
        try await withTestDatabase { url, _ in
            try await TestPgBouncer.with(forwardingTo: url, serverConnections: 1) { through in
                let answers = try await Self.probes(through: through, pooler: .none)
                let failures = answers.compactMap { answer -> String? in
                    guard case .failure(let error) = answer else { return nil }
                    return String(reflecting: error)
                }
                #expect(!failures.isEmpty, "every named statement answered behind PgBouncer")
                #expect(
                    failures.allSatisfy { $0.contains("42P05") || $0.contains("26000") || $0.contains("prepared statement") }, "\(failures.prefix(3))"
                )
            }
        }
    }

    @Test func thePoolerSettingSendsNoStartupParameters() throws {
        let url = try DatabaseURL("postgres://a:b@127.0.0.1:6432/mitreden")
        let timeouts = DatabaseTimeouts(statement: .seconds(30))
        #expect(!url.clientConfiguration(poolSize: 1, timeouts: timeouts).options.additionalStartupParameters.isEmpty)
        #expect(url.clientConfiguration(poolSize: 1, timeouts: timeouts, pooler: .transaction).options.additionalStartupParameters.isEmpty)
    }
}
