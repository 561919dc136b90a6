import PostgresNIO

/// A request's unit of work: one transaction that every statement and transaction the
/// services run on the same pool joins while it is bound to the task. The HTTP layer
/// binds one around a request that carries an `Idempotency-Key`, so the effect of the
/// request and the answer remembered for its key commit together or not at all
/// (``IdempotencyKeys``).
///
/// Joining keeps the services' behaviour: each joined statement and each joined
/// transaction runs under a savepoint, so a failure a service expects and handles (a unique
/// violation it turns into a conflict) is undone on its own and leaves the rest of the
/// unit intact, exactly as it would without the unit. Joining also keeps the rule of one
/// connection per unit of work: nothing inside waits on the pool for a second connection.
public struct UnitOfWork: Sendable {
    let transaction: Transaction
    let pool: ObjectIdentifier

    @TaskLocal static var current: UnitOfWork?

    /// The unit bound to this task, if it was opened on `client`'s pool.
    static func joinable(for client: PostgresClient) -> UnitOfWork? {
        guard let unit = current, unit.pool == ObjectIdentifier(client) else { return nil }
        return unit
    }

    /// Runs `body` under a savepoint of the unit: released when it returns, rolled back to
    /// when it throws. PostgreSQL's errors leave as ``ServiceError``s, as they would from
    /// the pool. Savepoints of one name nest: each release or rollback ends the newest.
    func savepoint<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        do {
            try await transaction.query("SAVEPOINT unit_of_work")
            do {
                let result = try await body()
                try await transaction.query("RELEASE SAVEPOINT unit_of_work")
                return result
            } catch {
                _ = try? await transaction.query("ROLLBACK TO SAVEPOINT unit_of_work")
                _ = try? await transaction.query("RELEASE SAVEPOINT unit_of_work")
                throw error
            }
        } catch let error as PSQLError {
            throw ServiceError(mapping: error)
        }
    }
}

extension Database {
    /// Runs `body` in one transaction that the services' work on this pool joins until it
    /// returns (see ``UnitOfWork``). Committed when `body` returns, rolled back when it throws.
    public func withUnitOfWork<Result: Sendable>(_ body: (Transaction) async throws -> Result) async throws -> Result {
        if let unit = UnitOfWork.joinable(for: client) {
            return try await unit.savepoint { try await body(unit.transaction) }
        }
        return try await withTransaction { tx in
            try await UnitOfWork.$current.withValue(UnitOfWork(transaction: tx, pool: ObjectIdentifier(client))) {
                try await body(tx)
            }
        }
    }
}
