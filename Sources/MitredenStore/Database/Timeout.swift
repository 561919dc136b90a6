/// Thrown by ``withTimeout(_:_:)`` when the operation took too long.
public struct TimeoutError: Error, Sendable {}

/// Runs `operation`, cancelling it and throwing ``TimeoutError`` after `duration`.
/// Used where waiting is worse than failing: readiness probes, connection checks.
public func withTimeout<Result: Sendable>(
    _ duration: Duration, _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: duration)
            throw TimeoutError()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
