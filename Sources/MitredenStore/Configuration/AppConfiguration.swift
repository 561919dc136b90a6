import Foundation
import Logging
import MitredenDomain

/// Everything the server reads from its environment. Each variable is documented in the
/// README; a missing or invalid value stops start-up with a message naming the variable.
public struct AppConfiguration: Sendable {
    public enum LogFormat: String, Sendable, CaseIterable { case text, json }

    public var databaseURL: DatabaseURL
    /// The schema owner's connection, for migrations only; `nil` migrates over `databaseURL`
    /// (one role for everything). See ``migrationURL``.
    public var migrationDatabaseURL: DatabaseURL? = nil
    public var host: String
    public var port: Int
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    public var databasePoolSize: Int
    /// `MITREDEN_DB_STATEMENT_TIMEOUT`: PostgreSQL cancels a statement of the server's
    /// that runs longer, and the server gives up a connection that has not answered a few
    /// seconds after that (``DatabaseTimeouts``).
    public var databaseTimeouts = DatabaseTimeouts(statement: .seconds(30))
    /// Largest accepted request body in bytes.
    public var bodyLimit: Int
    /// Accounts, sessions, login throttle and mail.
    public var accounts = AccountSettings()
    /// Streamed exports: how many at once, and how long they may wait for a reader.
    public var exports = ExportSettings()
    /// `MITREDEN_METRICS_ADDRESS`: `/metrics` is served there and not on the main port, so
    /// the API can face the public while the metrics stay on an internal address. Nil
    /// serves `/metrics` on the main port.
    public var metricsAddress: ListenAddress? = nil
    /// `MITREDEN_DEVELOPMENT=1`: a developer's machine. Mail that is not sent is logged
    /// with its body (verification codes included); never set in production.
    public var development = false
    /// Proxies whose `X-Forwarded-For` names the client (`MITREDEN_TRUSTED_PROXIES`).
    public var trustedProxies = TrustedProxies.none
    /// Browser origins whose pages may call the API (`MITREDEN_CORS_ORIGINS`); none by default.
    public var corsOrigins = AllowedOrigins.none
    /// Per-account limits on participants' writes (`MITREDEN_WRITE_LIMIT_*`).
    public var writeLimits = WriteLimits.defaults
    /// `MITREDEN_RESPONSE_DIGEST_HOUR` (0–23, Hamburg time, default 7): from this hour on a
    /// working day the officials' daily digest of open proposals goes out.
    public var responseDigestHour = 7
    /// How often the reminder worker looks for due reminders, digests and escalations.
    public var responseReminderInterval: Duration = .seconds(60)
    /// `MITREDEN_DATABASE_REPLICA_URL`: a streaming replica of the primary; anonymous
    /// public reads go there while it is at most ``replicaMaxLag`` behind.
    public var replicaURL: DatabaseURL? = nil
    /// `MITREDEN_REPLICA_MAX_LAG` (seconds, default 5): further behind, reads use the primary.
    public var replicaMaxLag: Duration = .seconds(5)
    /// How often the replica's lag is measured (not per request).
    public var replicaCheckInterval: Duration = .seconds(1)
    /// `MITREDEN_DATABASE_POOLER`: `transaction` behind PgBouncer in transaction mode
    /// (no named prepared statements, no LISTEN, no startup parameters).
    public var databasePooler = DatabasePooler.none
    /// Where "now" comes from; tests substitute a ``ManualClock``.
    public var clock: AppClock = .system

    public init(
        databaseURL: DatabaseURL,
        host: String = "127.0.0.1",
        port: Int = 8080,
        logLevel: Logger.Level = .info,
        logFormat: LogFormat = .text,
        databasePoolSize: Int = 20,
        bodyLimit: Int = 1 << 20
    ) {
        self.databaseURL = databaseURL
        self.host = host
        self.port = port
        self.logLevel = logLevel
        self.logFormat = logFormat
        self.databasePoolSize = databasePoolSize
        self.bodyLimit = bodyLimit
    }

    /// Reads the `MITREDEN_*` variables.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> AppConfiguration {
        let reader = EnvironmentReader(environment: environment)
        let urlText = try reader.required(
            "MITREDEN_DATABASE_URL", hint: "e.g. postgres://mitreden:secret@127.0.0.1:5432/mitreden; Deploy/local-postgres.sh start prints one")
        let databaseURL: DatabaseURL
        do { databaseURL = try DatabaseURL(urlText) } catch {
            throw ConfigurationError(variable: "MITREDEN_DATABASE_URL", problem: error.description)
        }
        var configuration = AppConfiguration(
            databaseURL: databaseURL,
            host: reader.optional("MITREDEN_HOST") ?? "127.0.0.1",
            port: try reader.integer("MITREDEN_PORT", default: 8080, in: 1...65535),
            logLevel: try reader.choice("MITREDEN_LOG_LEVEL", default: .info),
            logFormat: try reader.choice("MITREDEN_LOG_FORMAT", default: .text),
            databasePoolSize: try reader.integer("MITREDEN_DB_POOL_SIZE", default: 20, in: 1...500),
            bodyLimit: try reader.byteSize("MITREDEN_BODY_LIMIT", default: 1 << 20, in: 1024...(64 << 20))
        )
        configuration.databaseTimeouts.statement = .seconds(try reader.integer("MITREDEN_DB_STATEMENT_TIMEOUT", default: 30, in: 1...3600))
        configuration.accounts = try AccountSettings.fromEnvironment(reader)
        configuration.exports = try ExportSettings.fromEnvironment(reader)
        configuration.development = try reader.flag("MITREDEN_DEVELOPMENT", default: false)
        configuration.responseDigestHour = try reader.integer("MITREDEN_RESPONSE_DIGEST_HOUR", default: 7, in: 0...23)
        if let text = reader.optional("MITREDEN_METRICS_ADDRESS") {
            guard let address = ListenAddress(text) else {
                throw ConfigurationError(
                    variable: "MITREDEN_METRICS_ADDRESS", problem: "'\(text)' is not host:port (e.g. 127.0.0.1:9100 or [::1]:9100)")
            }
            configuration.metricsAddress = address
        }
        configuration.trustedProxies = try reader.trustedProxies()
        configuration.writeLimits = try reader.writeLimits()
        if let text = reader.optional("MITREDEN_CORS_ORIGINS") {
            do { configuration.corsOrigins = try AllowedOrigins(parsing: text) } catch {
                throw ConfigurationError(variable: "MITREDEN_CORS_ORIGINS", problem: error.description)
            }
        }
        configuration.migrationDatabaseURL = try reader.databaseURL("MITREDEN_MIGRATION_DATABASE_URL")
        configuration.replicaURL = try reader.databaseURL("MITREDEN_DATABASE_REPLICA_URL")
        configuration.replicaMaxLag = .seconds(try reader.integer("MITREDEN_REPLICA_MAX_LAG", default: 5, in: 1...86_400))
        configuration.databasePooler = try reader.choice("MITREDEN_DATABASE_POOLER", default: .none)
        return configuration
    }
}

/// A configuration variable that is missing or has a value that cannot be used.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public let variable: String
    public let problem: String
    public var description: String { "\(variable): \(problem)" }
}
