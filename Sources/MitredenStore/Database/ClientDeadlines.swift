import PostgresNIO
import Synchronization

/// Gives a statement's connection up at its deadline. PostgreSQL cancels a statement itself
/// after `statement_timeout`; one that is still silent after that is on a connection that
/// is gone without a word (a killed server, a lost host), and closing it fails the statement.
/// Also: PostgresNIO 1.33.2 never answers a statement sent on a connection that has closed
/// meanwhile (the server ended it while the transaction was idle between two statements):
/// the write goes nowhere and the statement waits for ever, so a closed connection is
/// refused before sending. The statement runs in the caller's task: a task of its own per
/// statement cost scheduling hops while the connection is held, which a pool of two under
/// load could not afford.
enum StatementWatchdog {
    static func watch<Result: Sendable>(
        _ connection: PostgresConnection, deadline: Duration?, _ operation: () async throws -> Result
    ) async throws -> Result {
        if connection.isClosed { throw ServiceError.unavailable("the database connection was closed") }
        guard let deadline else { return try await operation() }
        let fired = Flag()
        let (seconds, attoseconds) = deadline.components
        let watchdog = connection.eventLoop.scheduleTask(in: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)) {
            fired.set()
            let _: EventLoopFuture<Void> = connection.close()
        }
        defer { watchdog.cancel() }
        do {
            return try await operation()
        } catch {
            if fired.isSet { throw ServiceError.unavailable("the database did not answer within \(deadline); the connection was closed") }
            throw error
        }
    }
}

/// Set once, read from any thread.
private final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
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
        // A timer of the event loop, not a sleeping task: a cancelled `Task.sleep` keeps its
        // timer until the deadline would have come, and at a few thousand leases a second
        // those timers held 150 MB (measured: server RSS 46 → 200 MiB over a benchmark).
        let (seconds, attoseconds) = deadline.components
        let timer = PostgresClient.defaultEventLoopGroup.any().scheduleTask(
            in: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        ) {
            handoff.fail(ServiceError.unavailable("no database connection within \(deadline)"), cancelling: holder)
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
