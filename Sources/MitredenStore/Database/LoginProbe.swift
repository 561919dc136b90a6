import Logging
import NIOSSL
import PostgresNIO

/// One login attempt before a command starts its pool. A pool that cannot log in retries
/// with backoff and logs each attempt, so a wrong password used to print a screenful of
/// retries before the command gave up; a single connection fails at once, and its error
/// says which of the usual mistakes it is.
public enum LoginProbe {
    /// Why the login failed, in one line an operator can act on; nil when it worked.
    public static func failure(of url: DatabaseURL, variable: String, timeout: Duration = .seconds(10)) async -> String? {
        let tls: PostgresConnection.Configuration.TLS
        switch url.sslMode {
        case .disable: tls = .disable
        case .prefer:
            guard let context = try? NIOSSLContext(configuration: .makeClientConfiguration()) else {
                return "cannot set up TLS for \(url) (\(variable) asks for sslmode=prefer)"
            }
            tls = .prefer(context)
        case .require:
            guard let context = try? NIOSSLContext(configuration: .makeClientConfiguration()) else {
                return "cannot set up TLS for \(url) (\(variable) asks for sslmode=require)"
            }
            tls = .require(context)
        }
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password, database: url.database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        var logger = Logger(label: "mitreden.login-probe")
        logger.logLevel = .critical
        let (settings, quiet) = (configuration, logger)
        do {
            let connection = try await withTimeout(timeout) {
                try await PostgresConnection.connect(configuration: settings, id: 1, logger: quiet)
            }
            try? await connection.close()
            return nil
        } catch is TimeoutError {
            return "the database at \(url) did not answer within \(timeout) — is it running? (\(variable))"
        } catch {
            switch SQLState.of(error) {
            case "28P01":
                return "the database refused the password of role '\(url.username)' — check the password in \(variable)"
            case "28000":
                return "the database does not let role '\(url.username)' log in (no such role, or pg_hba.conf refuses it) — check \(variable)"
            case "3D000":
                return "the database '\(url.database)' does not exist on \(url.host):\(url.port) — check \(variable)"
            case .some(let state):
                return "the database at \(url) refused the login (SQLSTATE \(state)) — check \(variable)"
            case nil:
                return "cannot reach the database at \(url) — is it running? (Deploy/local-postgres.sh start)"
            }
        }
    }
}
