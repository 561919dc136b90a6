import PostgresNIO
import Synchronization

/// Gives a statement up at its deadline. PostgreSQL cancels a statement itself after
/// `statement_timeout`; one that is still silent after that is on a connection that is gone
/// without a word (a killed server, a lost host). Also: PostgresNIO 1.33.2 never answers a
/// statement sent on a connection that has closed meanwhile (the server ended it while the
/// transaction was idle between two statements): its write goes nowhere and the statement
/// waits for ever. So a closed connection is refused before sending, and at the deadline
/// the caller gets ``ServiceError/unavailable(_:)``, the connection is closed (the pool
/// replaces it) and the abandoned statement is left to end whenever it does.
enum StatementWatchdog {
    static func watch<Result: Sendable>(
        _ connection: PostgresConnection, deadline: Duration?, _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        if connection.isClosed { throw ServiceError.unavailable("the database connection was closed") }
        guard let deadline else { return try await operation() }
        let race = Race<Result>()
        let (seconds, attoseconds) = deadline.components
        return try await withCheckedThrowingContinuation { continuation in
            race.begin(continuation)
            let work = Task {
                do { race.finish(.success(try await operation())) } catch { race.finish(.failure(ServiceError(mapping: error))) }
            }
            let watchdog = connection.eventLoop.scheduleTask(in: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)) {
                if race.finish(.failure(ServiceError.unavailable("the database did not answer within \(deadline); the connection was closed"))) {
                    let _: EventLoopFuture<Void> = connection.close()
                    work.cancel()
                }
            }
            race.whenFinished { watchdog.cancel() }
        }
    }

    /// The first of the statement and its deadline wins; the other finds the race run.
    private final class Race<Value: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<Value, any Error>?
            var finished = false
            var onFinish: (@Sendable () -> Void)?
        }
        private let state = Mutex(State())

        func begin(_ continuation: CheckedContinuation<Value, any Error>) {
            state.withLock { $0.continuation = continuation }
        }

        /// Resumes the caller unless the race is already decided; true if this call decided it.
        @discardableResult
        func finish(_ outcome: Swift.Result<Value, ServiceError>) -> Bool {
            let (continuation, onFinish): (CheckedContinuation<Value, any Error>?, (@Sendable () -> Void)?) = state.withLock { state in
                guard !state.finished else { return (nil, nil) }
                state.finished = true
                defer { state.continuation = nil; state.onFinish = nil }
                return (state.continuation, state.onFinish)
            }
            guard let continuation else { return false }
            onFinish?()
            continuation.resume(with: outcome.mapError { $0 as any Error })
            return true
        }

        /// Runs `action` when the race is decided (at once if it is).
        func whenFinished(_ action: @escaping @Sendable () -> Void) {
            let runNow = state.withLock { state -> Bool in
                if state.finished { return true }
                state.onFinish = action
                return false
            }
            if runNow { action() }
        }
    }
}

/// A connection leased from the pool with a deadline for the wait. `PostgresClient` waits
/// for a connection as long as it takes, and one that cannot connect (the server is down or
/// refusing connections) keeps every request waiting; here the wait ends with
/// ``ServiceError/unavailable(_:)``. The lease is held by a task of its own, which gives the
/// connection back when ``release()`` is called.
final class PoolLease: Sendable {
    let connection: PostgresConnection
    private let handoff: Handoff
    private let holder: Task<Void, Never>

    private init(connection: PostgresConnection, handoff: Handoff, holder: Task<Void, Never>) {
        self.connection = connection
        self.handoff = handoff
        self.holder = holder
    }

    static func take(from client: PostgresClient, within deadline: Duration) async throws -> PoolLease {
        let handoff = Handoff()
        let holder = Task {
            do {
                try await client.withConnection { connection in
                    await withCheckedContinuation { (release: CheckedContinuation<Void, Never>) in
                        handoff.deliver(connection, release: release)
                    }
                }
            } catch {
                handoff.fail(ServiceError(mapping: error))
            }
        }
        let timer = Task {
            try? await Task.sleep(for: deadline)
            if !Task.isCancelled {
                handoff.fail(ServiceError.unavailable("no database connection within \(deadline)"), cancelling: holder)
            }
        }
        defer { timer.cancel() }
        let connection = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<PostgresConnection, any Error>) in
                handoff.wait(waiter)
            }
        } onCancel: {
            handoff.fail(CancellationError(), cancelling: holder)
        }
        return PoolLease(connection: connection, handoff: handoff, holder: holder)
    }

    /// Gives the connection back to the pool.
    func release() {
        handoff.release()
    }

    /// The meeting point of the waiting request and the task that holds the lease; whichever
    /// comes second completes the other, exactly once.
    private final class Handoff: Sendable {
        private enum State {
            case idle
            case waiting(CheckedContinuation<PostgresConnection, any Error>)
            case delivered(PostgresConnection, CheckedContinuation<Void, Never>)
            case leased(CheckedContinuation<Void, Never>)
            case failed(any Error & Sendable)
            case done
        }

        private let state = Mutex(State.idle)

        func wait(_ waiter: CheckedContinuation<PostgresConnection, any Error>) {
            let resume: (@Sendable () -> Void)? = state.withLock { state in
                switch state {
                case .idle:
                    state = .waiting(waiter)
                    return nil
                case .delivered(let connection, let release):
                    state = .leased(release)
                    return { waiter.resume(returning: connection) }
                case .failed(let error):
                    state = .done
                    return { waiter.resume(throwing: error) }
                case .waiting, .leased, .done:
                    preconditionFailure("a lease is waited for once")
                }
            }
            resume?()
        }

        func deliver(_ connection: PostgresConnection, release: CheckedContinuation<Void, Never>) {
            let resume: @Sendable () -> Void = state.withLock { state in
                switch state {
                case .idle:
                    state = .delivered(connection, release)
                    return {}
                case .waiting(let waiter):
                    state = .leased(release)
                    return { waiter.resume(returning: connection) }
                case .failed, .done, .delivered, .leased:
                    // Too late (timed out or cancelled): straight back to the pool.
                    return { release.resume() }
                }
            }
            resume()
        }

        func fail(_ error: any Error & Sendable, cancelling holder: Task<Void, Never>? = nil) {
            let resume: (@Sendable () -> Void)? = state.withLock { state in
                switch state {
                case .idle:
                    state = .failed(error)
                    return { holder?.cancel() }
                case .waiting(let waiter):
                    state = .done
                    return {
                        holder?.cancel()
                        waiter.resume(throwing: error)
                    }
                case .delivered(_, let release):
                    state = .failed(error)
                    return { release.resume() }
                case .leased, .failed, .done:
                    return nil
                }
            }
            resume?()
        }

        func release() {
            let resume: (@Sendable () -> Void)? = state.withLock { state in
                guard case .leased(let release) = state else { return nil }
                state = .done
                return { release.resume() }
            }
            resume?()
        }
    }
}
