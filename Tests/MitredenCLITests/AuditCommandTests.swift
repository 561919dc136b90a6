import Foundation
import MitredenStore
import PostgresNIO
import TestSupport
import Testing

@Suite struct AuditCommandTests {
    @Test func verifyPassesOnAnIntactLogAndNamesTheFirstAlteredEvent() async throws {
        try await withTestDatabase { url, database in
            let environment = try MitredenBinary.environment(database: url)
            for slug in ["unit-one", "unit-two", "unit-three"] {
                #expect(try await MitredenBinary.run(["unit", "create", slug, "--name", slug], environment: environment).status == 0)
            }
            let intact = try await MitredenBinary.run(["audit", "verify"], environment: environment)
            #expect(intact.status == 0, "\(intact.output)")
            #expect(intact.output.contains("audit chain intact: 3 events, head "), "\(intact.output)")
            let head = try #require(intact.output.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })

            #expect(try await MitredenBinary.run(["audit", "verify", "--expect-head", head], environment: environment).status == 0)

            try await database.withTransaction { tx in
                try await tx.query("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
                try await tx.query("UPDATE audit_events SET target_id = 'unit-zwei' WHERE seq = 2")
                try await tx.query("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")
            }
            let broken = try await MitredenBinary.run(["audit", "verify"], environment: environment)
            #expect(broken.status == 1)
            #expect(broken.output.contains("audit chain BROKEN after 1 intact events: event #2"), "\(broken.output)")
            #expect(broken.output.contains("unit unit-zwei"), "\(broken.output)")
        }
    }
}
