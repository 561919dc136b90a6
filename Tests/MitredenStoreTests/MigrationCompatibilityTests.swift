import Foundation
import MitredenStore
import TestSupport
import Testing

/// The expand/contract rule of rolling upgrades (docs/ARCHITECTURE.md): each migration
/// from 0024 on declares whether the previous release still runs on it; the declaration
/// is recorded with the migration, and a previous build accepts a newer schema only when
/// every migration it does not know was declared `expand`.
@Suite struct MigrationCompatibilityTests {
    @Test func theHeaderLineDeclaresIt() throws {
        #expect(Migration.declaredCompatibility(in: "-- Adds a table.\n-- compatibility: expand\nCREATE TABLE a (id int);") == .expand)
        #expect(Migration.declaredCompatibility(in: "-- compatibility: Contract\nDROP TABLE a;") == .contract)
        // Only among the leading comments: further down it is just text.
        #expect(Migration.declaredCompatibility(in: "CREATE TABLE a (id int);\n-- compatibility: expand") == nil)
        #expect(try Migration(fileName: "0001_a.sql", sql: "SELECT 1").compatibility == .contract)
    }

    @Test func everyMigrationFromTheRuleOnDeclaresIt() throws {
        for migration in try Migration.embedded() where migration.version >= Migration.firstDeclaring {
            #expect(
                Migration.declaredCompatibility(in: migration.sql) != nil,
                "\(migration.fileName) must start with '-- compatibility: expand' or '-- compatibility: contract'")
        }
    }

    @Test func anOlderBuildAcceptsNewerExpandMigrationsOnly() async throws {
        try await withTestDatabase(migrated: false) { _, database in
            let first = try Migration(fileName: "0001_a.sql", sql: "CREATE TABLE a (id int)")
            let expand = try Migration(fileName: "0002_b.sql", sql: "-- compatibility: expand\nCREATE TABLE b (id int)")
            try await Migrator(database: database, migrations: [first, expand]).migrate()
            let older = Migrator(database: database, migrations: [first])
            let status = try await older.status(readOnly: true)
            #expect(status.isCurrent)
            #expect(status.ahead == [2])
            let contract = try Migration(fileName: "0003_c.sql", sql: "-- compatibility: contract\nDROP TABLE b")
            try await Migrator(database: database, migrations: [first, expand, contract]).migrate()
            await #expect(throws: MigrationError.unknownApplied(version: 3, fileName: "0003_c.sql")) {
                try await older.status(readOnly: true)
            }
            // The build of the expansion runs on the contraction's predecessor alike.
            #expect(try await Migrator(database: database, migrations: [first, expand, contract]).status().ahead.isEmpty)
        }
    }

    @Test func aTableMadeBeforeTheColumnGainsIt() async throws {
        try await withTestDatabase(migrated: false) { _, database in
            try await database.query(
                """
                CREATE TABLE schema_migrations (version integer PRIMARY KEY, file_name text NOT NULL,
                    checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                """)
            let first = try Migration(fileName: "0001_a.sql", sql: "CREATE TABLE a (id int)")
            #expect(try await Migrator(database: database, migrations: [first]).status().pending == [first])
            let expand = try Migration(fileName: "0002_b.sql", sql: "-- compatibility: expand\nCREATE TABLE b (id int)")
            try await Migrator(database: database, migrations: [first, expand]).migrate()
            #expect(try await Migrator(database: database, migrations: [first]).status().ahead == [2])
        }
    }
}
