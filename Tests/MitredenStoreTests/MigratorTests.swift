import MitredenStore
import PostgresNIO
import TestSupport
import Testing

@Suite struct MigratorTests {
    static func migration(_ name: String, _ sql: String) throws -> Migration {
        try Migration(fileName: name, sql: sql)
    }

    @Test func appliesEveryEmbeddedMigrationOnAFreshDatabaseAndIsIdempotent() async throws {
        try await withTestDatabase(migrated: false) { _, database in
            let migrator = Migrator(database: database, migrations: try Migration.embedded())
            let first = try await migrator.migrate()
            #expect(first.count == (try Migration.embedded()).count)
            let second = try await migrator.migrate()
            #expect(second.isEmpty)
            #expect(try await migrator.status().isCurrent)
            let recorded = try await database.query("SELECT count(*) FROM schema_migrations")[0].decode(Int.self)
            #expect(recorded == first.count)
        }
    }

    @Test func dryRunListsPendingWithoutApplying() async throws {
        try await withTestDatabase(migrated: false) { _, database in
            let migrator = Migrator(
                database: database,
                migrations: [
                    try Self.migration("0001_a.sql", "CREATE TABLE a (id int)")
                ])
            let pending = try await migrator.migrate(dryRun: true)
            #expect(pending.map(\.fileName) == ["0001_a.sql"])
            let exists = try await database.query("SELECT to_regclass('a') IS NOT NULL")[0].decode(Bool.self)
            #expect(!exists)
        }
    }

    @Test func refusesAnAppliedFileWhoseTextChanged() async throws {
        try await withTestDatabase(migrated: false) { _, database in
            try await Migrator(
                database: database,
                migrations: [
                    try Self.migration("0001_a.sql", "CREATE TABLE a (id int)")
                ]
            ).migrate()
            let edited = Migrator(
                database: database,
                migrations: [
                    try Self.migration("0001_a.sql", "CREATE TABLE a (id bigint)")
                ])
            await #expect(throws: MigrationError.checksumChanged("0001_a.sql")) { try await edited.migrate() }
            await #expect(throws: MigrationError.checksumChanged("0001_a.sql")) { try await edited.status() }
        }
    }

    @Test func appliesDollarQuotedFunctions() async throws {
        try await withTestDatabase(migrated: false) { _, database in
            try await Migrator(
                database: database,
                migrations: [
                    try Self.migration(
                        "0001_fn.sql",
                        """
                        CREATE FUNCTION add_one(x int) RETURNS int LANGUAGE plpgsql AS $$
                        BEGIN
                            -- a semicolon inside the body; must not split it
                            RETURN x + 1;
                        END;
                        $$;
                        CREATE FUNCTION greet() RETURNS text LANGUAGE sql AS $q$ SELECT 'hi; there' $q$;
                        """)
                ]
            ).migrate()
            let value = try await database.query("SELECT add_one(41), greet()")[0].decode((Int, String).self)
            #expect(value.0 == 42)
            #expect(value.1 == "hi; there")
        }
    }

    @Test func aFailingMigrationIsRolledBackEntirely() async throws {
        try await withTestDatabase(migrated: false) { _, database in
            let migrator = Migrator(
                database: database,
                migrations: [
                    try Self.migration("0001_ok.sql", "CREATE TABLE ok (id int)"),
                    try Self.migration(
                        "0002_bad.sql",
                        """
                        CREATE TABLE half (id int);
                        INSERT INTO half VALUES (1);
                        SELECT * FROM no_such_table;
                        """),
                ])
            do {
                try await migrator.migrate()
                Issue.record("a failing migration must throw")
            } catch let error as MigrationError {
                guard case .failed(let file, let statement, let reason) = error else {
                    Issue.record("unexpected error \(error)"); return
                }
                #expect(file == "0002_bad.sql")
                #expect(statement == 3)
                #expect(reason.contains("no_such_table"))
            }
            let tables = try await database.query(
                "SELECT to_regclass('ok') IS NOT NULL, to_regclass('half') IS NOT NULL"
            )[0].decode((Bool, Bool).self)
            #expect(tables.0, "the earlier migration stays applied")
            #expect(!tables.1, "nothing of the failed file may remain")
            let versions = try await database.query("SELECT version FROM schema_migrations ORDER BY version")
                .map { try $0.decode(Int.self) }
            #expect(versions == [1])
        }
    }

    @Test func refusesGapsDuplicatesAndBadNames() throws {
        #expect(throws: MigrationError.gap(expected: 2, found: "0003_c.sql")) {
            try Migration.ordered([try Self.migration("0001_a.sql", ""), try Self.migration("0003_c.sql", "")])
        }
        #expect(throws: MigrationError.duplicateVersion("0001_b.sql", "0001_a.sql")) {
            try Migration.ordered([try Self.migration("0001_a.sql", ""), try Self.migration("0001_b.sql", "")])
        }
        #expect(throws: MigrationError.badFileName("1_a.sql")) { try Self.migration("1_a.sql", "") }
    }

    @Test func refusesADatabaseWithAMigrationThisBuildDoesNotKnow() async throws {
        try await withTestDatabase(migrated: false) { _, database in
            try await Migrator(
                database: database,
                migrations: [
                    try Self.migration("0001_a.sql", "SELECT 1"),
                    try Self.migration("0002_b.sql", "SELECT 2"),
                ]
            ).migrate()
            let older = Migrator(database: database, migrations: [try Self.migration("0001_a.sql", "SELECT 1")])
            await #expect(throws: MigrationError.unknownApplied(version: 2, fileName: "0002_b.sql")) {
                try await older.migrate()
            }
        }
    }

    @Test func concurrentMigratorsApplyEachFileOnce() async throws {
        try await withTestDatabase(migrated: false) { _, database in
            let migrations = [
                try Self.migration("0001_a.sql", "CREATE TABLE a (id int)"),
                try Self.migration("0002_b.sql", "CREATE TABLE b (id int)"),
            ]
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await Migrator(database: database, migrations: migrations).migrate().count }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(counts.reduce(0, +) == 2, "each file is applied by exactly one migrator")
        }
    }
}
