/// Two database roles: the owner of the schema runs migrations
/// (`MITREDEN_MIGRATION_DATABASE_URL`); the runtime role (`MITREDEN_DATABASE_URL`) serves
/// and runs the ordinary commands. The runtime role owns nothing, so a compromised server
/// cannot alter tables or disable the audit log's triggers (Deploy/OPERATIONS.md).
extension AppConfiguration {
    /// Where migrations run: the owner's connection, or `databaseURL` when
    /// `MITREDEN_MIGRATION_DATABASE_URL` is not set, so a single-role set-up keeps working.
    public var migrationURL: DatabaseURL { migrationDatabaseURL ?? databaseURL }
}

extension EnvironmentReader {
    /// An optional database URL; a value that does not parse names the variable.
    func databaseURL(_ name: String) throws(ConfigurationError) -> DatabaseURL? {
        guard let text = optional(name) else { return nil }
        do { return try DatabaseURL(text) } catch { throw ConfigurationError(variable: name, problem: error.description) }
    }
}
