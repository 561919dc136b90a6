import Foundation
import MitredenDomain
import MitredenStore
import PostgresNIO
import Synchronization
import TestSupport
import Testing

/// A large streamed read whose connection ends while the reader is slow. With PostgresNIO's
/// row stream (1.33.2) this stopped the whole process: PostgreSQL had filled the socket
/// buffers while the export waited for its reader, and when the backend was terminated
/// SwiftNIO delivered the buffered rows unasked, which `RowStreamStateMachine` refuses with
/// a `preconditionFailure` ("How can we receive a body part, after a channelReadComplete,
/// but no read has been forwarded yet"). Reads now come a batch at a time from a cursor
/// (`CursorRows`), so the export fails with an error and the pool carries on.
@Suite struct StreamedReadConnectionLossTests {
    @Test func exportWhoseBackendIsTerminatedWhileTheReaderStallsFailsAsUnavailable() async throws {
        try await withTestDatabase { _, database in
            let day: TimeInterval = 86_400
            let now = Date()
            let made = try await ExportFixtures(database: database).make(phases: [
                PhaseWindow(kind: .voting, startsAt: now - 3 * day, endsAt: now - day),
                PhaseWindow(kind: .results, startsAt: now - day, endsAt: now + 30 * day),
            ])
            // About 9 MB of CSV: far more than the loopback socket buffers hold.
            try await database.query(
                """
                INSERT INTO proposals (campaign_id, title, moderation_status, created_at, published_at)
                SELECT \(made.campaign.id), 'Vorschlag ' || g || ' ' || repeat('x', 180), 'published', now(), now()
                FROM generate_series(1, 40000) g
                """)
            let sink = StallingSink(passing: 256 * 1024)
            let exports = ExportService(database: database, clock: .system)
            let export = Task {
                defer { sink.endWaiting() }
                return try await exports.export(.proposalsCSV, campaign: made.campaign, options: ExportOptions(), to: sink)
            }

            await sink.stalled()
            guard sink.hasStalled else {
                Issue.record("the export ended before its reader stalled: \(await export.result)")
                return
            }
            // Give a row stream time to fill the socket buffers behind the stalled reader.
            try await Task.sleep(for: .milliseconds(500))
            let terminated = try await database.query(
                """
                SELECT count(pg_terminate_backend(pid))::int FROM (
                  SELECT pid FROM pg_stat_activity
                  WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                    AND xact_start IS NOT NULL
                  OFFSET 0) export
                """)[0].decode(Int.self)
            #expect(terminated == 1)
            try await Task.sleep(for: .milliseconds(200))
            sink.open()

            let outcome = await export.result
            #expect(throws: ServiceError.self) { try outcome.get() }
            if case .failure(let error as ServiceError) = outcome {
                guard case .unavailable = error else {
                    Issue.record("expected unavailable, got \(error)")
                    return
                }
            }
            #expect(sink.bytes < 9_000_000, "the export must not have completed")
            // The pool replaces the lost connection.
            #expect(try await database.query("SELECT 1")[0].decode(Int.self) == 1)
        }
    }
}

/// Takes bytes until `passing` have gone through, then waits until opened: a reader that
/// stops reading mid-export.
private final class StallingSink: ExportSink, Sendable {
    private struct State {
        var ended = false
        var bytes = 0
        var isOpen = false
        var gate: CheckedContinuation<Void, Never>?
        var stallWatcher: CheckedContinuation<Void, Never>?
        var hasStalled = false
    }

    private let passing: Int
    private let state = Mutex(State())

    init(passing: Int) { self.passing = passing }

    var bytes: Int { state.withLock { $0.bytes } }

    func write(_ bytes: [UInt8]) async throws {
        let mustWait = state.withLock { state -> Bool in
            state.bytes += bytes.count
            return state.bytes > passing && !state.isOpen
        }
        guard mustWait else { return }
        await withCheckedContinuation { (gate: CheckedContinuation<Void, Never>) in
            let (resumeGate, watcher) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
                if state.isOpen { return (true, nil) }
                state.gate = gate
                state.hasStalled = true
                defer { state.stallWatcher = nil }
                return (false, state.stallWatcher)
            }
            watcher?.resume()
            if resumeGate { gate.resume() }
        }
    }

    /// Returns once a write waits.
    func stalled() async {
        await withCheckedContinuation { (watcher: CheckedContinuation<Void, Never>) in
            let already = state.withLock { state -> Bool in
                if state.hasStalled || state.ended { return true }
                state.stallWatcher = watcher
                return false
            }
            if already { watcher.resume() }
        }
    }

    var hasStalled: Bool { state.withLock { $0.hasStalled } }

    /// Lets ``stalled()`` return although no write waits (the export ended first).
    func endWaiting() {
        let watcher = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.ended = true
            defer { state.stallWatcher = nil }
            return state.stallWatcher
        }
        watcher?.resume()
    }

    func open() {
        let gate = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.isOpen = true
            defer { state.gate = nil }
            return state.gate
        }
        gate?.resume()
    }
}
