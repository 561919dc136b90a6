import Foundation
import Logging
import MitredenStore
import Synchronization

/// Records what is logged, so tests can check what reaches the log (and what must not).
/// Hand `logger()` to `withTestApp(logger:)` or to any component that takes a logger.
public final class LogCapture: Sendable {
    public struct Entry: Sendable {
        public let level: Logger.Level
        public let message: String
        /// The metadata as text, nested values flattened the way a log line shows them.
        public let metadata: [String: String]

        /// The message and every metadata key and value: what a search of the log finds.
        public var text: String {
            ([message] + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
        }
    }

    private let storage = Mutex<[Entry]>([])

    public init() {}

    public var entries: [Entry] { storage.withLock { $0 } }

    /// A logger at `level` writing here; with `redacting`, through the production
    /// ``RedactingLogHandler`` as `LogSetup` installs it.
    public func logger(level: Logger.Level = .trace, redacting: Bool = false) -> Logger {
        var logger = Logger(label: "mitreden-capture") { _ in
            let handler = Handler(capture: self)
            return redacting ? RedactingLogHandler(handler) : handler
        }
        logger.logLevel = level
        return logger
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var fields: [String: String] = [:]
            for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { fields[key] = "\(value)" }
            if let error = event.error { fields["error.message"] = "\(error)" }
            let entry = Entry(level: event.level, message: event.message.description, metadata: fields)
            capture.storage.withLock { $0.append(entry) }
        }
    }
}
