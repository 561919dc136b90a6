import Foundation
import Logging
import MitredenDomain

/// Wraps the process's log handler (text or JSON) so that nothing reaches the output
/// without passing ``LogRedaction``: the handler's own metadata, the statement's, the
/// metadata provider's, the message, and an error attached to the statement (whose
/// description the inner handler would print as it is).
public struct RedactingLogHandler<Inner: LogHandler>: LogHandler {
    private var inner: Inner
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    public init(_ inner: Inner) {
        var inner = inner
        // Metadata is merged (and redacted) here; the inner handler must not add any unredacted.
        self.metadataProvider = inner.metadataProvider
        // Only when set: handlers without provider support warn about being assigned one.
        if inner.metadataProvider != nil { inner.metadataProvider = nil }
        self.metadata = inner.metadata
        inner.metadata = [:]
        self.inner = inner
    }

    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        if let error = event.error {
            merged["error.type"] = .string(String(reflecting: type(of: error)))
            merged["error.message"] = .string("\(error)")
        }
        var event = event
        event.error = nil
        event.metadata = LogRedaction.redact(merged)
        event.message = "\(LogRedaction.redact(text: event.message.description))"
        inner.log(event: event)
    }
}
