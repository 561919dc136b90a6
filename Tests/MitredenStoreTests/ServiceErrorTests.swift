import MitredenStore
import TestSupport
import Testing

@Suite struct ServiceErrorTests {
    @Test func uniqueViolationBecomesConflictNotAnUnexpectedError() async throws {
        try await withTestDatabase { _, database in
            try await database.query("CREATE TABLE t (id int PRIMARY KEY)")
            try await database.query("INSERT INTO t VALUES (1)")
            do {
                try await database.query("INSERT INTO t VALUES (1)")
                Issue.record("duplicate key must fail")
            } catch let error as ServiceError {
                guard case .conflict(.exists, _) = error else { Issue.record("expected conflict, got \(error)"); return }
            }
        }
    }

    @Test func foreignKeyViolationBecomesNotFound() async throws {
        try await withTestDatabase { _, database in
            try await database.query("CREATE TABLE p (id int PRIMARY KEY)")
            try await database.query("CREATE TABLE c (p int REFERENCES p)")
            await #expect(throws: ServiceError.notFound("a referenced object does not exist (c_p_fkey)")) {
                try await database.query("INSERT INTO c VALUES (7)")
            }
        }
    }

    @Test func transactionsRollBackOnError() async throws {
        try await withTestDatabase { _, database in
            try await database.query("CREATE TABLE t (id int PRIMARY KEY)")
            struct Abort: Error {}
            await #expect(throws: Abort.self) {
                try await database.withTransaction { tx in
                    try await tx.query("INSERT INTO t VALUES (1)")
                    throw Abort()
                }
            }
            #expect(try await database.query("SELECT count(*) FROM t")[0].decode(Int.self) == 0)
        }
    }
}
