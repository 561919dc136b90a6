/// How streamed exports share the server: each holds a database connection (its snapshot)
/// for as long as the client takes to read, so their number and time are bounded; a slow
/// or stalled reader must not take connections from everyone else.
public struct ExportSettings: Sendable {
    /// Exports streaming at once per instance; more are answered 503 with `Retry-After`.
    public var concurrency: Int = 4
    /// Longest wait for the client to take the next chunk before the export is abandoned.
    public var sendTimeout: Duration = .seconds(30)
    /// Longest time one export may take in all.
    public var maximumDuration: Duration = .seconds(900)

    public init() {}

    static func fromEnvironment(_ reader: EnvironmentReader) throws(ConfigurationError) -> ExportSettings {
        var settings = ExportSettings()
        settings.concurrency = try reader.integer("MITREDEN_EXPORT_CONCURRENCY", default: 4, in: 1...100)
        settings.sendTimeout = .seconds(try reader.integer("MITREDEN_EXPORT_SEND_TIMEOUT", default: 30, in: 1...3600))
        settings.maximumDuration = .seconds(try reader.integer("MITREDEN_EXPORT_MAX_DURATION", default: 900, in: 10...86_400))
        return settings
    }
}
