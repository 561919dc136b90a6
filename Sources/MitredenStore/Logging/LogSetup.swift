import Foundation
import Logging
import MitredenDomain

/// Process-wide logging: plain text for people, JSON lines for log collectors.
public enum LogSetup {
    /// Bootstraps swift-log once per process; later calls only return a logger.
    public static func bootstrap(format: AppConfiguration.LogFormat, level: Logger.Level) -> Logger {
        Bootstrap.once(format: format)
        var logger = Logger(label: "mitreden")
        logger.logLevel = level
        return logger
    }

    private enum Bootstrap {
        nonisolated(unsafe) private static var done = false
        private static let lock = NSLock()
        static func once(format: AppConfiguration.LogFormat) {
            lock.lock(); defer { lock.unlock() }
            guard !done else { return }
            done = true
            switch format {
            // Both formats redact secrets (LogRedaction) before anything is written.
            case .text: LoggingSystem.bootstrap { RedactingLogHandler(StreamLogHandler.standardError(label: $0)) }
            case .json: LoggingSystem.bootstrap { RedactingLogHandler(JSONLogHandler(label: $0)) }
            }
        }
    }
}
