import Foundation
import MitredenStore
import TestSupport
import Testing

/// Children start with no signal blocked, whichever thread spawned them. Before
/// `SpawnAttributes`, a child spawned from one of the runtime's threads inherited its
/// blocked SIGTERM: a test's PgBouncer ignored the SIGTERM meant to stop it and the run hung.
@Suite struct SpawnAttributesTests {
    /// The `SigBlk` mask of `/proc/<pid>/status`, as the kernel reports it.
    static func blockedSignals(of pid: pid_t) throws -> String {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigBlk:") }) else {
            throw TestSetupError("no SigBlk line for \(pid)")
        }
        return line.dropFirst("SigBlk:".count).trimmingCharacters(in: .whitespaces)
    }

    @Test func childrenSpawnedFromManyTasksBlockNoSignalAndStopOnSIGTERM() async throws {
        // Spawned from many tasks at once, so some run on threads that block signals.
        let children = try await withThrowingTaskGroup(of: ChildProcess.self) { group in
            for _ in 0..<24 {
                group.addTask { try ChildProcess.spawn(["/bin/sleep", "60"], environment: [:]) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // `exec` replaces the shell with sleep; wait until each has.
        for child in children {
            let deadline = ContinuousClock.now + .seconds(10)
            while (try? String(contentsOfFile: "/proc/\(child.pid)/comm", encoding: .utf8))?.hasPrefix("sleep") != true,
                ContinuousClock.now < deadline
            {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let masks = try children.map { try Self.blockedSignals(of: $0.pid) }
        children.forEach { $0.signal(SIGTERM) }
        var statuses: [Int32] = []
        for child in children { statuses.append(await child.wait()) }
        #expect(masks.allSatisfy { $0 == "0000000000000000" }, "\(Set(masks))")
        #expect(statuses.allSatisfy { $0 == 128 + SIGTERM }, "\(statuses)")
    }
}
