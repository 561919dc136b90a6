import MitredenStore
import Testing

@Suite struct MigrationDatabaseURLTests {
    let base = ["MITREDEN_DATABASE_URL": "postgres://mitreden_runtime:pw@127.0.0.1:5432/city"]

    @Test func migrationsUseTheOwnersURLWhenItIsGiven() throws {
        let configuration = try AppConfiguration.fromEnvironment(
            base.merging(["MITREDEN_MIGRATION_DATABASE_URL": "postgres://mitreden:secret@127.0.0.1:5432/city"]) { $1 })
        #expect(configuration.databaseURL.username == "mitreden_runtime")
        #expect(configuration.migrationURL.username == "mitreden")
        #expect(configuration.migrationURL.password == "secret")
    }

    @Test func withoutItMigrationsUseTheDatabaseURL() throws {
        let configuration = try AppConfiguration.fromEnvironment(base)
        #expect(configuration.migrationDatabaseURL == nil)
        #expect(configuration.migrationURL == configuration.databaseURL)
    }

    @Test func anInvalidMigrationURLNamesItsVariable() {
        #expect {
            try AppConfiguration.fromEnvironment(base.merging(["MITREDEN_MIGRATION_DATABASE_URL": "mysql://x@y/z"]) { $1 })
        } throws: { error in
            (error as? ConfigurationError)?.variable == "MITREDEN_MIGRATION_DATABASE_URL"
        }
    }
}
