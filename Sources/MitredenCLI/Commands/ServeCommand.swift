import ArgumentParser
import Hummingbird
import MitredenAPI
import MitredenStore

/// `mitreden serve`: runs the HTTP API until SIGTERM or SIGINT, then finishes the requests
/// in flight and exits 0.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API (address from MITREDEN_HOST and MITREDEN_PORT).",
        discussion: """
            Refuses to start on an outdated database schema unless --migrate is given. Serves as \
            MITREDEN_DATABASE_URL's role; --migrate migrates as MITREDEN_MIGRATION_DATABASE_URL's \
            (the schema's owner), or MITREDEN_DATABASE_URL's when that is not set.
            """
    )

    @Flag(name: .long, help: "Apply pending migrations before serving.")
    var migrate = false

    func run() async throws {
        let environment = try CommandEnvironment.load()
        let migrate = self.migrate
        if migrate {
            try await environment.withMigrationDatabase { database in
                let migrator = Migrator(database: database, migrations: try Migration.embedded())
                do {
                    try await migrator.migrate { print("applying \($0.fileName)") }
                } catch let error as MigrationError {
                    throw CommandFailure("migration refused: \(error)")
                }
            }
        }
        // Checked as the role that serves, without creating anything: it owns nothing.
        try await environment.withDatabase { database in
            let migrator = Migrator(database: database, migrations: try Migration.embedded())
            do {
                let status = try await migrator.status(readOnly: true)
                guard status.isCurrent else {
                    let names = status.pending.map(\.fileName).joined(separator: ", ")
                    throw CommandFailure(
                        "the database schema is outdated (pending: \(names)); run `mitreden migrate` first, or start with `mitreden serve --migrate`")
                }
            } catch let error as MigrationError {
                throw CommandFailure("the database schema does not match this build: \(error)")
            }
        }
        let app = try buildApplication(configuration: environment.configuration, logger: environment.logger)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
