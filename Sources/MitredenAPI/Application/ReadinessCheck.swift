import MitredenStore

/// Answers "can this instance serve traffic?": the database answers within a short time
/// and its schema is exactly the one this build expects.
struct ReadinessCheck: Sendable {
    enum Outcome: Sendable, Equatable {
        case ready(schemaVersion: Int)
        case notReady(String)
    }

    let migrator: Migrator
    var timeout: Duration = .seconds(2)

    func run() async -> Outcome {
        do {
            let status = try await withTimeout(timeout) { try await migrator.status(readOnly: true) }
            guard status.isCurrent else {
                let names = status.pending.map(\.fileName).joined(separator: ", ")
                return .notReady("the database schema is outdated (pending: \(names)); run `mitreden migrate`")
            }
            return .ready(schemaVersion: status.applied.max() ?? 0)
        } catch is TimeoutError {
            return .notReady("the database did not answer within \(timeout)")
        } catch let error as MigrationError {
            return .notReady("the database schema does not match this build: \(error)")
        } catch {
            return .notReady("the database cannot be reached")
        }
    }
}
