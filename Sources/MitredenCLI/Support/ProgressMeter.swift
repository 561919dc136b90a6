import Foundation
import Synchronization

/// One status line on standard error for long runs at a terminal: rows done, rate and
/// time left. Silent when standard error is not a terminal, so scripts and logs stay clean.
final class ProgressMeter: Sendable {
    private struct State {
        var done = 0
        var base = 0
        var file = ""
        var lastDraw = Date.distantPast
    }

    private let total: Int
    private let enabled: Bool
    private let started = Date()
    private let state = Mutex(State())

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    /// `rows` done so far in `file`; files of a bundle follow one another.
    func update(_ file: String, _ rows: Int) {
        guard enabled else { return }
        let line: String? = state.withLock { state in
            if file != state.file {
                state.base = state.done
                state.file = file
            }
            state.done = state.base + rows
            let now = Date()
            guard now.timeIntervalSince(state.lastDraw) >= 0.2 else { return nil }
            state.lastDraw = now
            return Self.describe(done: state.done, total: total, file: file, elapsed: now.timeIntervalSince(started))
        }
        if let line { FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8)) }
    }

    func finish() {
        guard enabled else { return }
        let done = state.withLock { $0.done }
        let line = Self.describe(done: done, total: max(total, done), file: "done", elapsed: Date().timeIntervalSince(started))
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)\n".utf8))
    }

    static func describe(done: Int, total: Int, file: String, elapsed: TimeInterval) -> String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        var text = "\(file): \(done)\(total > 0 ? "/\(total)" : "") rows, \(Int(rate)) rows/s"
        if rate > 0, total > done { text += ", about \(Int((Double(total - done) / rate).rounded(.up))) s left" }
        return text
    }
}
