import Foundation
import MitredenStore
import PostgresNIO
import TestSupport
import Testing

/// The audit log's hash chain: intact under concurrent writers, and any direct change in
/// the database is named by the check.
@Suite struct AuditChainTests {
    static func record(_ count: Int, in database: Database, reason: (Int) -> String? = { "reason \($0)\nwith a newline" }) async throws {
        for index in 1...count {
            try await database.withTransaction { tx in
                try await Audit.record(
                    "test.action", target: ("thing", "t\(index)"), by: .commandLine, reason: reason(index),
                    now: Date(timeIntervalSince1970: 1_800_000_000 + Double(index) + 0.123456), on: tx)
            }
        }
    }

    /// Lets the test change rows the way an intruder with the owner's rights could.
    static func tamper(_ database: Database, _ statement: String) async throws {
        try await database.withTransaction { tx in
            try await tx.query("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
            try await tx.query(PostgresQuery(unsafeSQL: statement))
            try await tx.query("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")
        }
    }

    @Test func concurrentWritersExtendOneUnbrokenChain() async throws {
        try await withTestDatabase { _, database in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 { group.addTask { try await Self.record(10, in: database) } }
                try await group.waitForAll()
            }
            let report = try await AuditChain.verify(in: database)
            #expect(report.broken == nil)
            #expect(report.events == 80)
            let seqs = try await database.query("SELECT seq FROM audit_events ORDER BY seq").map { try $0.decode(Int64.self) }
            #expect(seqs == Array(1...80))
            #expect(report.head?.count == 64)
        }
    }

    @Test func anAlteredRowIsNamed() async throws {
        try await withTestDatabase { _, database in
            try await Self.record(5, in: database)
            #expect(try await AuditChain.verify(in: database).broken == nil)
            try await Self.tamper(database, "UPDATE audit_events SET reason = 'nothing to see' WHERE seq = 3")
            let report = try await AuditChain.verify(in: database)
            #expect(report.events == 2)
            #expect(report.broken?.contains("event #3") == true, "\(report)")
            #expect(report.broken?.contains("altered") == true)
        }
    }

    @Test func aRemovedRowIsNamed() async throws {
        try await withTestDatabase { _, database in
            try await Self.record(5, in: database)
            try await Self.tamper(database, "DELETE FROM audit_events WHERE seq = 2")
            let report = try await AuditChain.verify(in: database)
            #expect(report.broken?.contains("event #3") == true, "\(report)")
            #expect(report.broken?.contains("removed") == true)
        }
    }

    @Test func aRecomputedHashStillBreaksTheNextLink() async throws {
        try await withTestDatabase { _, database in
            try await Self.record(4, in: database)
            // A careful intruder rewrites the content and its hash; the successor's link no longer fits.
            try await Self.tamper(
                database,
                """
                UPDATE audit_events SET reason = 'rewritten',
                  hash = sha256(prev_hash || convert_to(audit_event_message(seq, occurred_at, actor_id, actor_label, action,
                         target_type, target_id, 'rewritten'), 'UTF8'))
                WHERE seq = 2
                """)
            let report = try await AuditChain.verify(in: database)
            #expect(report.broken?.contains("event #3") == true, "\(report)")
            #expect(report.broken?.contains("does not link") == true)
        }
    }

    @Test func theDatabaseStillRefusesPlainUpdates() async throws {
        try await withTestDatabase { _, database in
            try await Self.record(1, in: database, reason: { _ in nil })
            await #expect(throws: (any Error).self) { try await database.query("UPDATE audit_events SET reason = 'x'") }
            #expect(try await AuditChain.verify(in: database).broken == nil)
        }
    }
}
