import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

@testable import MitredenStore

/// `MITREDEN_DATABASE_POOLER=transaction` through a real PgBouncer (Debian's 1.18) in
/// transaction mode: the text of a named prepared statement runs unnamed, so any number of
/// client connections share one server connection (named, each would find the name
/// missing, or already parsed by another, on the server connection the pooler picked),
/// and the client sends no startup parameter PgBouncer would refuse.
@Suite struct TransactionPoolerTests {
    enum Probe: StatementText {
        static let name = "mitreden_pooler_probe"
        static let sql = "SELECT $1::int + 1 AS answer"
    }

    @Test func preparedStatementTextRunsUnnamedOnSharedServerConnections() async throws {
        try await withTestDatabase { url, _ in
            // One server connection for four client connections.
            try await TestPgBouncer.with(forwardingTo: url, serverConnections: 1) { through in
                let client = PostgresClient(
                    configuration: through.clientConfiguration(poolSize: 4, pooler: .transaction), backgroundLogger: TestDatabases.logger)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await client.run() }
                    defer { group.cancelAll() }
                    let database = Database(client: client, logger: TestDatabases.logger, pooler: .transaction)
                    let answers = try await withThrowingTaskGroup(of: Int.self) { readers in
                        for value in 0..<40 {
                            readers.addTask {
                                var bindings = PostgresBindings()
                                bindings.append(value)
                                return try await database.rows(Probe.self, bindings)[0].decode(Int.self)
                            }
                        }
                        return try await readers.reduce(into: []) { $0.append($1) }
                    }
                    #expect(answers.sorted() == Array(1...40))
                }
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
