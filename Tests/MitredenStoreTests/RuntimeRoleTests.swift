import Foundation
import MitredenDomain
import MitredenStore
import PostgresNIO
import TestSupport
import Testing

/// The runtime role (`mitreden_runtime`, granted by migration 0012) runs the services but
/// owns nothing: a compromised server logged in as it cannot switch off or rewrite the
/// audit log. Fails, never skips, when the role is missing (`Deploy/local-postgres.sh
/// start` creates it).
@Suite struct RuntimeRoleTests {
    struct RolledBack: Error {}

    static func accounts(_ database: Database) -> AccountService {
        var settings = AccountSettings()
        settings.bcryptCost = 4
        return AccountService(database: database, settings: settings, clock: .system)
    }

    @Test func theServicesWorkAsTheRuntimeRole() async throws {
        try await withRuntimeRoleDatabase { runtime, owner in
            #expect(try await runtime.query("SELECT current_user::text")[0].decode(String.self) == TestCluster.runtimeRole)

            // A registration: accounts, the verification token and the outbox, in one transaction.
            try await Self.accounts(runtime).register(
                email: "anna@example.org", password: "a long enough passphrase", displayName: "Anna", district: nil,
                clientAddress: "192.0.2.1")
            let registered = try await owner.query(
                "SELECT count(*)::int FROM accounts a JOIN outbox o ON o.account_id = a.id WHERE a.email = 'anna@example.org'"
            )[0].decode(Int.self)
            #expect(registered == 1)

            // Audited actions append to the chain through its trigger, as the runtime role.
            let staff = try await Self.accounts(runtime).createStaff(
                email: "admin@example.org", password: "another long passphrase", displayName: "Admin", role: .admin,
                by: .commandLine)
            _ = try await UnitService(database: runtime, clock: .system).create(
                slug: "bezirk-mitte", name: "Bezirk Mitte", by: AuditActor(accountID: staff, label: "admin"))
            let report = try await AuditChain.verify(in: runtime)
            #expect(report.events == 2)
            #expect(report.broken == nil, "\(report)")

            // Reads: a campaign set up by the owner is listed through the service.
            try await owner.query(
                """
                INSERT INTO campaigns (unit_id, slug, title, kind, status)
                SELECT id, 'domplatz', 'Domplatz', 'dialogue', 'published' FROM organization_units WHERE slug = 'bezirk-mitte'
                """)
            let campaigns = try await CampaignService(database: runtime, clock: .system).list(draftUnits: nil, after: nil, limit: 20)
            #expect(campaigns.map(\.fields.slug) == ["domplatz"])

            // What `mitreden serve` checks before serving, and `serve --migrate` with nothing pending.
            let migrator = Migrator(database: runtime, migrations: try Migration.embedded())
            #expect(try await migrator.status(readOnly: true).isCurrent)
            #expect(try await migrator.migrate().isEmpty)
        }
    }

    @Test func theRuntimeRoleCannotAlterDisableOrRewriteTheAuditLog() async throws {
        try await withRuntimeRoleDatabase { runtime, owner in
            // Events to rewrite, written by the runtime role itself.
            for index in 1...3 {
                try await runtime.withTransaction { tx in
                    try await Audit.record(
                        "test.action", target: ("thing", "t\(index)"), by: .commandLine, reason: "reason \(index)", now: Date(),
                        on: tx)
                }
            }
            let mustOwn: [String] = [
                "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only",
                "ALTER TABLE audit_events DISABLE TRIGGER ALL",
                "DROP TRIGGER audit_events_chain ON audit_events",
                "ALTER TABLE audit_events ADD COLUMN note text",
                "DROP TABLE audit_events",
            ]
            for statement in mustOwn {
                let refusal = await refusal(of: statement, on: runtime)
                #expect(refusal?.state == "42501", "\(statement): \(String(describing: refusal))")
                #expect(refusal?.message.contains("must be owner") == true, "\(statement): \(String(describing: refusal))")
            }
            // Refused by the missing privilege, before the append-only trigger (whose
            // message says "append-only") could even run.
            let notGranted: [String] = [
                "UPDATE audit_events SET reason = 'nothing to see' WHERE seq = 2",
                "DELETE FROM audit_events WHERE seq = 2",
                "DELETE FROM audit_events",
                "TRUNCATE audit_events",
                "LOCK TABLE audit_events IN ACCESS EXCLUSIVE MODE",
                "INSERT INTO schema_migrations (version, file_name, checksum) VALUES (9999, '9999_x.sql', 'x')",
                "DELETE FROM schema_migrations",
                "CREATE TABLE audit_events_copy (id int)",
                "CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
            ]
            for statement in notGranted {
                let refusal = await refusal(of: statement, on: runtime)
                #expect(refusal?.state == "42501", "\(statement): \(String(describing: refusal))")
                #expect(refusal?.message.contains("permission denied") == true, "\(statement): \(String(describing: refusal))")
            }

            let report = try await AuditChain.verify(in: owner)
            #expect(report.events == 3)
            #expect(report.broken == nil, "\(report)")

            // The check can fail: the owner may switch the trigger off (rolled back here).
            await #expect(throws: RolledBack.self) {
                try await owner.withTransaction { tx in
                    try await tx.query("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
                    throw RolledBack()
                }
            }
        }
    }

    @Test func tablesOfLaterMigrationsAreGrantedByDefaultPrivileges() async throws {
        try await withRuntimeRoleDatabase { runtime, owner in
            try await owner.query("CREATE TABLE later_table (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text)")
            try await owner.query("CREATE FUNCTION later_function() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$")
            try await owner.query("REVOKE EXECUTE ON FUNCTION later_function() FROM PUBLIC")
            try await runtime.query("INSERT INTO later_table (note) VALUES ('x')")
            try await runtime.query("UPDATE later_table SET note = 'y'")
            #expect(try await runtime.query("SELECT later_function()")[0].decode(Int.self) == 1)
            let refusal = await refusal(of: "ALTER TABLE later_table DISABLE TRIGGER ALL", on: runtime)
            #expect(refusal?.message.contains("must be owner") == true, "\(String(describing: refusal))")
        }
    }

    @Test func migratingAsTheRuntimeRoleIsRefusedNamingTheOwnersVariable() async throws {
        try await withRuntimeRoleDatabase { runtime, owner in
            let next = try Migration.embedded().count + 1
            let extra = try Migration(fileName: String(format: "%04d_extra.sql", next), sql: "CREATE TABLE extra (id int)")
            let migrator = Migrator(database: runtime, migrations: try Migration.embedded() + [extra])
            await #expect(throws: MigrationError.notOwner(role: TestCluster.runtimeRole)) { try await migrator.migrate() }
            #expect(MigrationError.notOwner(role: "x").description.contains("MITREDEN_MIGRATION_DATABASE_URL"))
            #expect(try await owner.query("SELECT to_regclass('extra') IS NULL")[0].decode(Bool.self))
        }
    }
}
