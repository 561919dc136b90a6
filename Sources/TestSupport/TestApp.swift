import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MitredenAPI
import MitredenStore

/// Runs the production application (the same `buildApplication` that `mitreden serve`
/// uses) on a loopback port against a fresh database, and hands the test an HTTP client.
/// The application logs in as the runtime role, as in production; the `Database` handed
/// to the test is the owner's, for setting up and checking.
/// `logger` is the application's (a ``LogCapture``'s, to check what is logged).
public func withTestApp<Result: Sendable>(
    setup: TestingSetup = .live,
    configure: (inout AppConfiguration) -> Void = { _ in },
    logger: Logger = TestDatabases.logger,
    _ body: @escaping @Sendable (any TestClientProtocol, Database) async throws -> Result
) async throws -> Result {
    try await withTestDatabase { url, database in
        try await RuntimeRole.requireGrants(on: database)
        return try await withTestApp(on: url, setup: setup, configure: configure, logger: logger) { client in
            try await body(client, database)
        }
    }
}

/// The production application on an existing test database `url` (set up by the caller,
/// who may need the URL for a second pool of its own). `.ahc(.http)` as `setup` sends
/// concurrent requests on several connections; the default `.live` client has one and so
/// sends one request after another. `runtime` is the runtime role's URL when `url` is not on
/// the tests' shared cluster.
public func withTestApp<Result: Sendable>(
    on url: DatabaseURL,
    runtime: DatabaseURL? = nil,
    setup: TestingSetup = .live,
    configure: (inout AppConfiguration) -> Void = { _ in },
    logger: Logger = TestDatabases.logger,
    _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Result
) async throws -> Result {
    var configuration = AppConfiguration(
        databaseURL: try runtime ?? TestCluster.runtimeURL(for: url), host: "127.0.0.1", port: 0, logLevel: .warning)
    configuration.migrationDatabaseURL = url
    // The lowest bcrypt cost: tests check the rules, not the work factor.
    configuration.accounts.bcryptCost = 4
    configuration.accounts.mailPollInterval = .milliseconds(200)
    // A hundred apps run side by side, each with its mail worker's listening connection:
    // ten connections apiece keep them under the test cluster's limit.
    configuration.databasePoolSize = 10
    configure(&configuration)
    let app = try buildApplication(configuration: configuration, logger: logger)
    return try await app.test(setup) { client in try await body(client) }
}
