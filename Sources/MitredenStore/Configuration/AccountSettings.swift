import Foundation
import MitredenDomain

/// Settings of accounts, sessions, the login throttle and mail delivery, each from a
/// `MITREDEN_*` variable documented in the README.
public struct AccountSettings: Sendable {
    /// bcrypt work factor; each step doubles the time to hash (and to guess).
    public var bcryptCost: Int = 12
    public var sessionIdle: TimeInterval = 2 * 3600
    public var sessionLifetime: TimeInterval = 30 * 24 * 3600
    public var verificationLifetime: TimeInterval = 48 * 3600
    /// How long a mailed code for a new password works.
    public var passwordResetLifetime: TimeInterval = 3600
    /// Accounts never verified within this time are erased, freeing their name and address.
    public var unverifiedAccountLifetime: TimeInterval = 7 * 86400
    public var loginFailuresPerAccount: Int = 5
    public var loginFailuresPerAddress: Int = 100
    public var loginWindow: TimeInterval = 15 * 60
    /// Registrations accepted from one client address per hour (mail-bombing brake).
    public var registrationsPerAddress: Int = 20
    /// A sendmail-compatible command (`/usr/sbin/sendmail -t`); nil writes mail to the log.
    public var mailCommand: [String]? = nil
    public var mailFrom: String = "Mitreden <no-reply@localhost>"
    /// How often the mail worker looks for due messages without being woken. Queued mail
    /// wakes it at once (LISTEN/NOTIFY); the poll catches retries coming due and covers
    /// the time the listening connection is down.
    public var mailPollInterval: Duration = .seconds(30)
    /// Mail commands one instance runs at the same time.
    public var mailConcurrency: Int = 8
    /// `MITREDEN_STAFF_MFA_REQUIRED`: staff (an admin, or anyone with a unit role) must have
    /// a second factor. Until they set one up, their sessions may only do that (the
    /// enrolment routes, `GET /v1/me`, logging out); every other request is a 403.
    public var staffSecondFactorRequired = false

    public init() {}

    public var sessionLifetimes: Sessions.Lifetimes { .init(idle: sessionIdle, absolute: sessionLifetime) }
    public var throttleLimits: LoginThrottle.Limits {
        .init(perAccount: loginFailuresPerAccount, perAddress: loginFailuresPerAddress, window: loginWindow)
    }

    static func fromEnvironment(_ reader: EnvironmentReader) throws(ConfigurationError) -> AccountSettings {
        var settings = AccountSettings()
        settings.bcryptCost = try reader.integer("MITREDEN_BCRYPT_COST", default: 12, in: 4...31)
        settings.sessionIdle = TimeInterval(try reader.integer("MITREDEN_SESSION_IDLE", default: 7200, in: 60...(90 * 86400)))
        settings.sessionLifetime = TimeInterval(try reader.integer("MITREDEN_SESSION_LIFETIME", default: 30 * 86400, in: 60...(365 * 86400)))
        settings.verificationLifetime = TimeInterval(try reader.integer("MITREDEN_VERIFICATION_LIFETIME", default: 48 * 3600, in: 60...(30 * 86400)))
        settings.passwordResetLifetime = TimeInterval(
            try reader.integer("MITREDEN_PASSWORD_RESET_LIFETIME", default: 3600, in: 300...(7 * 86400)))
        settings.unverifiedAccountLifetime = TimeInterval(
            try reader.integer("MITREDEN_UNVERIFIED_ACCOUNT_LIFETIME", default: 7 * 86400, in: 3600...(365 * 86400)))
        settings.loginFailuresPerAccount = try reader.integer("MITREDEN_LOGIN_FAILURES_PER_ACCOUNT", default: 5, in: 1...1000)
        settings.loginFailuresPerAddress = try reader.integer("MITREDEN_LOGIN_FAILURES_PER_ADDRESS", default: 100, in: 1...100_000)
        settings.loginWindow = TimeInterval(try reader.integer("MITREDEN_LOGIN_WINDOW", default: 900, in: 1...86400))
        settings.registrationsPerAddress = try reader.integer("MITREDEN_REGISTRATIONS_PER_ADDRESS", default: 20, in: 1...100_000)
        if let command = reader.optional("MITREDEN_MAIL_COMMAND") {
            let words = command.split(separator: " ").map(String.init)
            guard let program = words.first, program.hasPrefix("/") else {
                throw ConfigurationError(
                    variable: "MITREDEN_MAIL_COMMAND", problem: "'\(command)' must start with an absolute path, e.g. /usr/sbin/sendmail -t")
            }
            guard FileManager.default.isExecutableFile(atPath: program) else {
                throw ConfigurationError(variable: "MITREDEN_MAIL_COMMAND", problem: "\(program) is not an executable file")
            }
            settings.mailCommand = words
        }
        settings.staffSecondFactorRequired = try reader.flag("MITREDEN_STAFF_MFA_REQUIRED", default: false)
        settings.mailConcurrency = try reader.integer("MITREDEN_MAIL_CONCURRENCY", default: 8, in: 1...64)
        if let from = reader.optional("MITREDEN_MAIL_FROM") {
            guard from.contains("@"), !from.contains("\n"), !from.contains("\r") else {
                throw ConfigurationError(variable: "MITREDEN_MAIL_FROM", problem: "'\(from)' is not a single sender address")
            }
            settings.mailFrom = from
        }
        return settings
    }
}
