import Foundation
import HTTPTypes
import HummingbirdTesting
import MitredenAPI
import MitredenStore
import TestSupport
import Testing

/// Stops and starts a PostgreSQL cluster of its own (not the one the other tests share)
/// under a running server, and checks that readiness follows without a restart.
@Suite struct ReadinessAcrossRestartTests {
    @Test func readinessTurns503WhenTheDatabaseStopsAnd200WhenItIsBack() async throws {
        let cluster = ScratchCluster(name: "readiness", port: ScratchCluster.portBesideTestCluster)
        // A cluster left running by an interrupted run would keep its old state.
        try? await cluster.destroy()
        let url = try await cluster.start()
        do {
            try await exercise(cluster: cluster, url: url)
            try await cluster.destroy()
        } catch {
            try? await cluster.destroy()
            throw error
        }
    }

    /// Migrated as the owner, served as the runtime role (`url`), as in production.
    private func exercise(cluster: ScratchCluster, url: DatabaseURL) async throws {
        _ = try await TestDatabases.withClient(try await cluster.migrationURL()) { database in
            try await Migrator(database: database, migrations: try Migration.embedded()).migrate()
        }
        let app = try buildApplication(
            configuration: AppConfiguration(databaseURL: url, port: 0, logLevel: .critical),
            logger: TestDatabases.logger
        )
        try await app.test(.live) { client in
            #expect(try await client.execute(uri: "/health/ready", method: .get).status == .ok)

            try await cluster.stop()
            let down = try await client.execute(uri: "/health/ready", method: .get)
            #expect(down.status == .serviceUnavailable)
            #expect(try down.problem().status == 503)
            #expect(try await client.execute(uri: "/health/live", method: .get).status == .ok)

            _ = try await cluster.start()
            var status = HTTPResponse.Status.serviceUnavailable
            for _ in 0..<30 where status != .ok {
                status = try await client.execute(uri: "/health/ready", method: .get).status
                if status != .ok { try await Task.sleep(for: .milliseconds(500)) }
            }
            #expect(status == .ok, "readiness must recover once the database is back")
        }
    }
}
