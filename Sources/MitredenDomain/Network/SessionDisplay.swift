/// How a session is shown to its owner and to staff: the network it came from, never the
/// full address, and a short name of the client instead of the whole `User-Agent`.
public enum SessionDisplay {
    /// The network of `address`: /24 for IPv4, /48 for IPv6 (`203.0.113.0/24`,
    /// `2001:db8:1::/48`). Enough to tell "at home" from "somewhere else", not enough to
    /// find a household. Nil for text that is not an address.
    public static func network(of address: String?) -> String? {
        guard let address, let parsed = IPAddress(address) else { return nil }
        return IPNetwork("\(parsed)/\(parsed.isIPv4 ? 24 : 48)")?.description
    }

    /// A short name for the client behind a `User-Agent`: browser and system of the common
    /// browsers (`Firefox on Linux`), otherwise the first product token (`curl`,
    /// `MitredenTests`), at most 40 code points. Nil when nothing was sent.
    public static func clientHint(userAgent: String?) -> String? {
        guard let agent = userAgent?.trimmingSpaces, !agent.isEmpty else { return nil }
        // Order matters: Edge and Opera say "Chrome", Chrome says "Safari".
        let browsers: [(token: String, name: String)] = [
            ("Firefox/", "Firefox"), ("Edg/", "Edge"), ("OPR/", "Opera"), ("Chrome/", "Chrome"), ("CriOS/", "Chrome"),
            ("FxiOS/", "Firefox"), ("Safari/", "Safari"),
        ]
        let systems: [(token: String, name: String)] = [
            ("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Windows", "Windows"), ("Mac OS X", "macOS"),
            ("CrOS", "ChromeOS"), ("Linux", "Linux"),
        ]
        if let browser = browsers.first(where: { agent.contains($0.token) })?.name {
            guard let system = systems.first(where: { agent.contains($0.token) })?.name else { return browser }
            return "\(browser) on \(system)"
        }
        let product = agent.prefix(while: { $0 != "/" && $0 != " " && $0 != "(" })
        return (product.isEmpty ? agent : product).prefix(codePoints: 40)
    }
}
