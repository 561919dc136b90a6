import Foundation
import MitredenDomain
import NIOSSL
import PostgresNIO

/// Where the database is and how to reach it, parsed from a
/// `postgres://user:password@host:port/database?sslmode=…` URL.
public struct DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    public enum SSLMode: String, Sendable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode

    /// Parses the URL; the error text says which part is wrong but never echoes the password.
    public init(_ text: String) throws(DatabaseURLError) {
        guard let components = URLComponents(string: text),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme)
        else { throw DatabaseURLError("must look like postgres://user:password@host:port/database") }
        guard let host = components.host, !host.isEmpty else { throw DatabaseURLError("has no host") }
        guard let user = components.user, !user.isEmpty else { throw DatabaseURLError("has no user name") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw DatabaseURLError("names no database (…/database)") }
        var sslMode = SSLMode.disable
        if let value = components.queryItems?.first(where: { $0.name == "sslmode" })?.value {
            guard let mode = SSLMode(rawValue: value) else {
                throw DatabaseURLError("has sslmode=\(value); use disable, prefer or require")
            }
            sslMode = mode
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        self.sslMode = sslMode
    }

    /// The same server with another database: tests clone databases next to the configured one.
    public func with(database: String) -> DatabaseURL {
        var copy = self
        copy.database = database
        return copy
    }

    /// True for 127.0.0.0/8, ::1 and localhost: test helpers refuse to create or drop
    /// databases anywhere else.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// The URL without its password, safe to log.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)"
    }

    /// The URL with its password, for handing to other tools (psql, pgbench).
    public var connectionString: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = username
        components.password = password
        components.host = host
        components.port = port
        components.path = "/" + database
        return components.string ?? description
    }

    /// A PostgresNIO client configuration for this URL. With a statement timeout, each
    /// connection logs in with PostgreSQL's `statement_timeout` set to it, unless a
    /// transaction pooler stands between (it refuses startup parameters it does not know).
    public func clientConfiguration(
        poolSize: Int, timeouts: DatabaseTimeouts = .none, pooler: DatabasePooler = .none
    ) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls
        )
        configuration.options.maximumConnections = poolSize
        configuration.options.connectTimeout = .seconds(5)
        // Our named prepared statements are the hot paths, written so that one plan fits
        // every value (ProposalListStatements); PostgreSQL's default would plan the list
        // page anew for each request, since it cannot know the LIMIT a generic plan gets.
        // Unnamed statements, everything else, are planned for their values as always.
        guard pooler.acceptsStartupParameters else { return configuration }
        configuration.options.additionalStartupParameters = [("plan_cache_mode", "force_generic_plan")]
        if let statementTimeout = timeouts.statementTimeoutSetting {
            configuration.options.additionalStartupParameters.append(("statement_timeout", statementTimeout))
        }
        return configuration
    }
}

public struct DatabaseURLError: Error, CustomStringConvertible, Equatable {
    public let reason: String
    init(_ reason: String) { self.reason = reason }
    public var description: String { "the database URL \(reason)" }
}
