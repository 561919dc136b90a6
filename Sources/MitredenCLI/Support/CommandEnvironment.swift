import ArgumentParser
import Logging
import MitredenStore
import PostgresNIO

/// What every command needs: the configuration from the environment, a logger, and a
/// database client that runs for the duration of the command.
struct CommandEnvironment {
    let configuration: AppConfiguration
    let logger: Logger

    /// Reads the configuration; on a bad value, exits with a message naming the variable.
    static func load() throws -> CommandEnvironment {
        let configuration: AppConfiguration
        do {
            configuration = try AppConfiguration.fromEnvironment()
        } catch {
            throw CommandFailure("configuration: \(error.description)")
        }
        let logger = LogSetup.bootstrap(format: configuration.logFormat, level: configuration.logLevel)
        return CommandEnvironment(configuration: configuration, logger: logger)
    }

    /// Runs `body` with a live connection pool to the runtime role's database
    /// (`MITREDEN_DATABASE_URL`), closing it afterwards.
    func withDatabase<Result: Sendable>(_ body: @escaping @Sendable (Database) async throws -> Result) async throws -> Result {
        try await withDatabase(at: configuration.databaseURL, variable: "MITREDEN_DATABASE_URL", pooler: configuration.databasePooler, body)
    }

    /// Like ``withDatabase(_:)``, as the schema's owner (`MITREDEN_MIGRATION_DATABASE_URL`,
    /// or `MITREDEN_DATABASE_URL` when that is not set): for migrations only.
    func withMigrationDatabase<Result: Sendable>(_ body: @escaping @Sendable (Database) async throws -> Result) async throws -> Result {
        let variable = configuration.migrationDatabaseURL == nil ? "MITREDEN_DATABASE_URL" : "MITREDEN_MIGRATION_DATABASE_URL"
        // The migrator holds a session-level advisory lock: its URL leads to PostgreSQL
        // itself, never through a transaction pooler (README, MITREDEN_DATABASE_POOLER).
        return try await withDatabase(at: configuration.migrationURL, variable: variable, pooler: .none, body)
    }

    private func withDatabase<Result: Sendable>(
        at url: DatabaseURL, variable: String, pooler: DatabasePooler, _ body: @escaping @Sendable (Database) async throws -> Result
    ) async throws -> Result {
        // One line for a wrong password or a server that is down, before the pool would
        // retry and log every attempt (exit 69: the database cannot be used).
        if let failure = await LoginProbe.failure(of: url, variable: variable) {
            throw CommandFailure(failure, exitStatus: 69)
        }
        let client = PostgresClient(
            configuration: url.clientConfiguration(poolSize: 4, pooler: pooler),
            backgroundLogger: logger
        )
        let logger = self.logger
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                await client.run(); return nil
            }
            defer { group.cancelAll() }
            let database = Database(client: client, logger: logger, pooler: pooler)
            do {
                // Fail fast with a clear message instead of waiting on a dead server.
                try await withTimeout(.seconds(10)) { try await database.query("SELECT 1") }
            } catch {
                throw CommandFailure("cannot reach the database at \(url) — is it running? (Deploy/local-postgres.sh start)")
            }
            return try await body(database)
        }
    }
}

/// A command failed for a reason the operator can act on; printed without a stack trace,
/// and the process exits with `exitStatus` (1 unless a service error says otherwise).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    let exitStatus: Int32
    init(_ description: String, exitStatus: Int32 = 1) {
        self.description = description
        self.exitStatus = exitStatus
    }
}
