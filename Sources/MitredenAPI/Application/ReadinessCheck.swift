import MitredenStore

/// Answers "can this instance serve traffic?": the database answers within a short time
/// and its schema is this build's, or newer by expand migrations only (a rolling upgrade:
/// the new release migrated, this instance keeps serving until it is replaced). The read
/// replica does not decide readiness: without it reads go to the primary, so the instance
/// can serve; the answer only says how the replica stands.
struct ReadinessCheck: Sendable {
    struct Ready: Sendable, Equatable {
        /// The newest applied migration.
        var schemaVersion: Int
        /// The newest migration this build carries, when the database is ahead of it.
        var buildSchemaVersion: Int?
        var replica: ReplicaPool.Status?
    }

    enum Outcome: Sendable, Equatable {
        case ready(Ready)
        case notReady(String)
    }

    let migrator: Migrator
    var replica: ReplicaPool? = nil
    var timeout: Duration = .seconds(2)

    func run() async -> Outcome {
        do {
            let status = try await withTimeout(timeout) { try await migrator.status(readOnly: true) }
            guard status.isCurrent else {
                let names = status.pending.map(\.fileName).joined(separator: ", ")
                return .notReady("the database schema is outdated (pending: \(names)); run `mitreden migrate`")
            }
            let own = status.applied.max() ?? 0
            return .ready(
                Ready(
                    schemaVersion: status.ahead.max() ?? own, buildSchemaVersion: status.ahead.isEmpty ? nil : own,
                    replica: replica?.status))
        } catch is TimeoutError {
            return .notReady("the database did not answer within \(timeout)")
        } catch let error as MigrationError {
            return .notReady("the database schema does not match this build: \(error)")
        } catch {
            return .notReady("the database cannot be reached")
        }
    }
}
