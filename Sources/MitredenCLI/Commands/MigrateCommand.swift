import ArgumentParser
import MitredenStore

/// `mitreden migrate`: applies the pending `Schema/` migrations.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending database migrations (each file in its own transaction).",
        discussion: """
            Refuses to run when an applied migration file was changed, when the database has a
            migration this build does not know, or when migrations would be applied out of order.
            Connects as the schema's owner: MITREDEN_MIGRATION_DATABASE_URL, or \
            MITREDEN_DATABASE_URL when that is not set.
            """
    )

    @Flag(name: .long, help: "Only list the migrations that would be applied.")
    var dryRun = false

    func run() async throws {
        let environment = try CommandEnvironment.load()
        let dryRun = self.dryRun
        let applied = try await environment.withMigrationDatabase { database in
            let migrator = Migrator(database: database, migrations: try Migration.embedded())
            do {
                return try await migrator.migrate(dryRun: dryRun) { migration in
                    print("applying \(migration.fileName)")
                }
            } catch let error as MigrationError {
                throw CommandFailure("migration refused: \(error)")
            }
        }
        if applied.isEmpty {
            print("schema is up to date")
        } else if dryRun {
            print("pending (not applied, --dry-run):")
            for migration in applied { print("  \(migration.fileName)") }
        } else {
            print("applied \(applied.count) migration(s)")
        }
    }
}
