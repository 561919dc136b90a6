import Foundation

/// The browser origins allowed to call the API from their pages (`MITREDEN_CORS_ORIGINS`),
/// each exact: scheme, host and port, as a browser sends it in `Origin`. No wildcard:
/// the API is called with credentials (`Authorization: Bearer …`), and a page from any
/// origin holding a citizen's token is what CORS is there to prevent.
public struct AllowedOrigins: Sendable, Equatable {
    /// Lower-cased `scheme://host[:port]`, default ports left out as browsers do.
    public let origins: Set<String>

    public static let none = AllowedOrigins(origins: [])

    public var isEmpty: Bool { origins.isEmpty }

    /// Whether a request's `Origin` header is one of them.
    public func allows(_ origin: String) -> Bool { origins.contains(origin.lowercased()) }

    private init(origins: Set<String>) { self.origins = origins }

    /// From a comma-separated list, e.g. `https://beteiligung.hamburg.de, http://localhost:5173`.
    public init(parsing text: String) throws(OriginListError) {
        var origins: Set<String> = []
        for part in text.split(separator: ",") {
            let entry = part.trimmingCharacters(in: .whitespaces)
            guard !entry.isEmpty else { continue }
            origins.insert(try Self.origin(entry))
        }
        self.init(origins: origins)
    }

    private static func origin(_ text: String) throws(OriginListError) -> String {
        if text == "*" || text.contains("*") {
            throw OriginListError(entry: text, reason: "wildcards are not allowed: list each origin (the API takes credentials)")
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = components.host?.lowercased(), !host.isEmpty
        else { throw OriginListError(entry: text, reason: "is not an origin like https://beteiligung.example.de") }
        guard components.path.isEmpty, components.query == nil, components.fragment == nil, components.user == nil,
            components.password == nil
        else {
            throw OriginListError(entry: text, reason: "an origin is scheme, host and port only (no path, not even a trailing /)")
        }
        let port = components.port.flatMap { (scheme == "https" && $0 == 443) || (scheme == "http" && $0 == 80) ? nil : $0 }
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(hostPart)\(port.map { ":\($0)" } ?? "")"
    }
}

/// An entry of `MITREDEN_CORS_ORIGINS` that is not an exact origin.
public struct OriginListError: Error, Equatable, CustomStringConvertible {
    public let entry: String
    public let reason: String
    public var description: String { "'\(entry)': \(reason)" }
}
