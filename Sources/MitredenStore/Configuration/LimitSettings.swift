import MitredenDomain

/// The variables of the limits that protect the service from floods: which proxies may
/// name the client, and how much one participant may write.
extension EnvironmentReader {
    /// `MITREDEN_TRUSTED_PROXIES`: comma-separated networks in CIDR notation; none by default.
    func trustedProxies() throws(ConfigurationError) -> TrustedProxies {
        let name = "MITREDEN_TRUSTED_PROXIES"
        guard let text = optional(name) else { return .none }
        do throws(TrustedProxies.InvalidNetwork) {
            return try TrustedProxies(parsing: text)
        } catch {
            let entry = error.entry.isEmpty ? "an empty entry" : "'\(error.entry)'"
            throw ConfigurationError(
                variable: name,
                problem:
                    "\(entry) is not an IPv4 or IPv6 network in CIDR notation; give a comma-separated list such as 10.0.0.0/8, 2001:db8::/32, 127.0.0.1"
            )
        }
    }

    /// `MITREDEN_WRITE_LIMIT_<KIND>` for every kind of write, each `N/min,M/h` or `off`;
    /// a kind whose variable is unset keeps its default.
    func writeLimits() throws(ConfigurationError) -> WriteLimits {
        var limits = WriteLimits.defaults
        for action in WriteAction.allCases {
            guard let text = optional(action.variable) else { continue }
            guard let parsed = WriteLimits.parse(text) else {
                throw ConfigurationError(
                    variable: action.variable,
                    problem: "'\(text)' is not a limit such as 10/min,100/h (a count per minute and/or per hour, each 1 to 1000000), or off"
                )
            }
            limits.limits[action] = parsed
        }
        return limits
    }
}
