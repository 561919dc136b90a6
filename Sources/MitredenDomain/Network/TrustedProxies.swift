/// The reverse proxies whose `X-Forwarded-For` the server believes, and the choice of the
/// client address from it. Throttles count per client; behind a proxy every request comes
/// from the proxy, so without this one address would stand for the whole city.
///
/// Only a peer inside a trusted network may speak for someone else. Its header is read
/// from the right, because each proxy appends the address it received the request from:
/// the rightmost entry that is not itself a trusted proxy is the client. Entries further
/// left were written by the client and may be anything (`X-Forwarded-For: 1.2.3.4` sent
/// to dodge a throttle), so they are never believed.
public struct TrustedProxies: Sendable, Equatable {
    public let networks: [IPNetwork]

    /// No proxy is trusted: the TCP peer is the client (the default).
    public static let none = TrustedProxies(networks: [])

    public init(networks: [IPNetwork]) { self.networks = networks }

    /// Parses a comma-separated list of networks (`10.0.0.0/8, 2001:db8::/32, 127.0.0.1`);
    /// the error holds the first entry that is not one.
    public init(parsing list: String) throws(InvalidNetwork) {
        var networks: [IPNetwork] = []
        for entry in list.split(separator: ",", omittingEmptySubsequences: false) {
            guard let network = IPNetwork(entry) else { throw InvalidNetwork(entry: String(entry.trimmingSpaces)) }
            networks.append(network)
        }
        self.networks = networks
    }

    /// An entry of the list that is not a network in CIDR notation.
    public struct InvalidNetwork: Error, Equatable {
        public let entry: String
        public init(entry: String) { self.entry = entry }
    }

    public func isTrusted(_ address: IPAddress) -> Bool { networks.contains { $0.contains(address) } }

    /// The client of a request that arrived from `peer` with these `X-Forwarded-For` header
    /// values (each may list several addresses), in canonical spelling. A peer that cannot
    /// be parsed is returned as it is; nil only without a peer.
    ///
    /// Walking from the right stops at the first entry that is not trusted (the client). An
    /// entry that is not an address stops the walk too: everything from there leftwards is
    /// unverifiable, so the last trusted hop reached is taken — never the garbage itself, and
    /// never anything to the left of it. When every entry is a trusted proxy, the leftmost
    /// is the best knowledge there is.
    public func clientAddress(peer: String?, forwardedFor: [String]) -> String? {
        guard let peer else { return nil }
        guard let peerAddress = IPAddress(peer) else { return peer }
        guard isTrusted(peerAddress) else { return peerAddress.description }
        var current = peerAddress
        let entries = forwardedFor.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
        for entry in entries.reversed() {
            guard let hop = Self.address(in: entry) else { break }
            current = hop
            if !isTrusted(hop) { break }
        }
        return current.description
    }

    /// An entry of `X-Forwarded-For`: an address, optionally with a port (`192.0.2.1:4711`,
    /// `[2001:db8::1]:4711`), as some proxies write it.
    static func address(in entry: Substring) -> IPAddress? {
        let text = entry.trimmingSpaces
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || (rest.hasPrefix(":") && rest.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }) else { return nil }
            return IPAddress(text[text.index(after: text.startIndex)..<close])
        }
        if let address = IPAddress(text) { return address }
        // `a.b.c.d:port`: exactly one colon, so it cannot be IPv6.
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
            let address = IPAddress(parts[0]), address.isIPv4
        else { return nil }
        return address
    }
}
