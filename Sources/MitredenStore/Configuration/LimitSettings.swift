import MitredenDomain

/// The variables of the limits that protect the service from floods: which proxies may
/// name the client.
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
}
