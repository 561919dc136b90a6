import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

@testable import MitredenStore

/// `MITREDEN_DATABASE_POOLER=transaction` sends no startup parameter PgBouncer would
/// refuse. Two servers run through a real PgBouncer in `Tests/Cluster/run.sh`.
@Suite struct TransactionPoolerTests {
    @Test func thePoolerSettingSendsNoStartupParameters() throws {
        let url = try DatabaseURL("postgres://a:b@127.0.0.1:6432/mitreden")
        let timeouts = DatabaseTimeouts(statement: .seconds(30))
        #expect(!url.clientConfiguration(poolSize: 1, timeouts: timeouts).options.additionalStartupParameters.isEmpty)
        #expect(url.clientConfiguration(poolSize: 1, timeouts: timeouts, pooler: .transaction).options.additionalStartupParameters.isEmpty)
    }
}
