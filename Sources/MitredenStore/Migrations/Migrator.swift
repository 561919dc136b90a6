import Logging
import MitredenDomain
import PostgresNIO

/// Applies `Schema/` migrations in order, each file in its own transaction, and records
/// each with its checksum in `schema_migrations`. Several instances started with
/// `--migrate` at once are serialised by an advisory lock.
public struct Migrator: Sendable {
    /// Where the database stands relative to the migrations this build carries.
    public struct Status: Sendable, Equatable {
        public var applied: [Int]
        public var pending: [Migration]
        /// Applied migrations newer than this build, each recorded as `expand`: this build
        /// still runs on them (a rolling upgrade is under way).
        public var ahead: [Int] = []
        public var isCurrent: Bool { pending.isEmpty }
    }

    public let database: Database
    public let migrations: [Migration]
    /// Arbitrary but fixed key of the advisory lock that serialises migrators.
    static let lockKey: Int64 = 0x4D49_5452_4544

    public init(database: Database, migrations: [Migration]) {
        self.database = database
        self.migrations = migrations
    }

    /// Compares the database with this build's migrations without changing anything.
    /// Throws when an applied file was changed, is unknown, or a pending one precedes it.
    /// With `readOnly`, nothing is created: a database without `schema_migrations` simply
    /// has every migration pending (readiness probes must not run DDL).
    public func status(readOnly: Bool = false) async throws -> Status {
        try await database.withConnection { connection in
            try await status(on: connection, readOnly: readOnly)
        }
    }

    /// Applies every pending migration (or, with `dryRun`, only reports them).
    /// Returns the migrations that were (or would be) applied.
    @discardableResult
    public func migrate(dryRun: Bool = false, progress: (@Sendable (Migration) -> Void)? = nil) async throws -> [Migration] {
        try await database.withConnection { connection in
            let logger = database.logger
            try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
            do {
                let pending = try await status(on: connection).pending
                if !dryRun {
                    if !pending.isEmpty {
                        try await requireCreatePrivilege(on: connection)
                        try await connection.query(
                            "ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS compatibility text NOT NULL DEFAULT 'contract'",
                            logger: logger)
                    }
                    for migration in pending {
                        progress?(migration)
                        try await apply(migration, on: connection)
                    }
                }
                try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                return pending
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                throw error
            }
        }
    }

    private func status(on connection: PostgresConnection, readOnly: Bool = false) async throws -> Status {
        let logger = database.logger
        let exists =
            try await connection.query(
                "SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger
            ).collect().first?.decode(Bool.self) ?? false
        if !exists && readOnly { return Status(applied: [], pending: migrations) }
        // Created only when missing: the runtime role may check an up-to-date schema (and
        // `serve --migrate` with nothing pending works with it) but may create nothing.
        if !exists {
            try await requireCreatePrivilege(on: connection)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY,
                    file_name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    compatibility text NOT NULL DEFAULT 'contract'
                )
                """, logger: logger)
        }
        // `compatibility` came later than the table; through to_jsonb a table made before
        // it reads as NULL (contract) instead of failing the query.
        let rows = try await connection.query(
            """
            SELECT version, file_name, checksum, to_jsonb(m) ->> 'compatibility'
            FROM schema_migrations m ORDER BY version
            """, logger: logger
        ).collect()
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        let newestKnown = migrations.map(\.version).max() ?? 0
        var applied: [Int] = []
        var ahead: [Int] = []
        for row in rows {
            let (version, fileName, checksum, compatibility) = try row.decode((Int, String, String, String?).self)
            guard let migration = known[version] else {
                // A newer release's migration: this (previous) build may keep serving on
                // it only if it was declared an expansion.
                if version > newestKnown, compatibility == Migration.Compatibility.expand.rawValue {
                    ahead.append(version)
                    continue
                }
                throw MigrationError.unknownApplied(version: version, fileName: fileName)
            }
            guard migration.checksum == checksum else { throw MigrationError.checksumChanged(migration.fileName) }
            applied.append(version)
        }
        let appliedSet = Set(applied)
        let pending = migrations.filter { !appliedSet.contains($0.version) }
        if let firstPending = pending.first, let latest = applied.max(), firstPending.version < latest,
            let latestMigration = known[latest]
        {
            throw MigrationError.outOfOrder(pending: firstPending.fileName, latestApplied: latestMigration.fileName)
        }
        return Status(applied: applied, pending: pending, ahead: ahead)
    }

    /// Migrations create tables, functions and triggers, so they must run as the schema's
    /// owner. Checked before the first statement, so the runtime role gets a message that
    /// says which URL to use instead of the first statement's "permission denied".
    private func requireCreatePrivilege(on connection: PostgresConnection) async throws {
        let rows = try await connection.query(
            "SELECT current_user::text, coalesce(has_schema_privilege(current_schema(), 'CREATE'), false)",
            logger: database.logger
        ).collect()
        guard let row = rows.first else { return }
        let (role, mayCreate) = try row.decode((String, Bool).self)
        if !mayCreate { throw MigrationError.notOwner(role: role) }
    }

    private func apply(_ migration: Migration, on connection: PostgresConnection) async throws {
        let logger = database.logger
        logger.info("applying migration", metadata: ["file": "\(migration.fileName)"])
        try await connection.query("BEGIN", logger: logger)
        var index = 0
        do {
            for statement in SQLStatementSplitter.split(migration.sql) {
                index += 1
                // Migration text is part of this build, never user input.
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await connection.query(
                """
                INSERT INTO schema_migrations (version, file_name, checksum, compatibility)
                VALUES (\(migration.version), \(migration.fileName), \(migration.checksum), \(migration.compatibility.rawValue))
                """, logger: logger)
            try await connection.query("COMMIT", logger: logger)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            let reason = (error as? PSQLError)?.serverInfo?[.message] ?? "\(error)"
            throw MigrationError.failed(fileName: migration.fileName, statement: index, reason: reason)
        }
    }
}
