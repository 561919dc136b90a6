import MitredenDomain
import Testing

@Suite struct TrustedProxiesTests {
    static let proxies = try! TrustedProxies(parsing: "10.0.0.0/8, 2001:db8:ffff::/48, 127.0.0.1")

    @Test func addressesAreReadAndWrittenInOneSpelling() {
        #expect(IPAddress("192.0.2.1")?.description == "192.0.2.1")
        #expect(IPAddress("2001:DB8:0:0:0:0:0:1")?.description == "2001:db8::1")
        #expect(IPAddress("2001:db8:0:0:1:0:0:1")?.description == "2001:db8::1:0:0:1")
        #expect(IPAddress("::")?.description == "::")
        #expect(IPAddress("::1")?.description == "::1")
        #expect(IPAddress("::ffff:192.0.2.7")?.description == "192.0.2.7")
        for bad in [
            "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "2001:db8::1::2", "12345::", "g::1", "1:2:3:4:5:6:7:8:9", "unknown",
        ] {
            #expect(IPAddress(bad) == nil, "\(bad)")
        }
    }

    @Test func networksContainTheirAddressesOnly() throws {
        let v4 = try #require(IPNetwork("10.1.2.3/8"))
        #expect(v4.description == "10.0.0.0/8")
        #expect(v4.contains(IPAddress("10.255.0.1")!))
        #expect(!v4.contains(IPAddress("11.0.0.1")!))
        let v6 = try #require(IPNetwork("2001:db8::/32"))
        #expect(v6.contains(IPAddress("2001:db8:1234::9")!))
        #expect(!v6.contains(IPAddress("2001:db9::1")!))
        #expect(!v6.contains(IPAddress("10.0.0.1")!))
        #expect(IPNetwork("127.0.0.1")?.prefixLength == 32)
        for bad in ["10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/8/8", "10.0.0.0/-1", "example.org/8", ""] {
            #expect(IPNetwork(bad) == nil, "\(bad)")
        }
    }

    @Test func aListWithAMalformedEntryNamesIt() {
        #expect(throws: TrustedProxies.InvalidNetwork(entry: "10.0.0.0/33")) { try TrustedProxies(parsing: "10.0.0.0/8, 10.0.0.0/33") }
        #expect(throws: TrustedProxies.InvalidNetwork(entry: "")) { try TrustedProxies(parsing: "10.0.0.0/8,") }
    }

    @Test func anUntrustedPeerIsTheClientWhateverItForwards() {
        #expect(Self.proxies.clientAddress(peer: "198.51.100.9", forwardedFor: ["203.0.113.5"]) == "198.51.100.9")
        #expect(TrustedProxies.none.clientAddress(peer: "10.0.0.2", forwardedFor: ["203.0.113.5"]) == "10.0.0.2")
        #expect(Self.proxies.clientAddress(peer: nil, forwardedFor: ["203.0.113.5"]) == nil)
    }

    @Test func aTrustedProxyIsBelievedAndTheRightmostUntrustedEntryIsTheClient() {
        #expect(Self.proxies.clientAddress(peer: "10.0.0.2", forwardedFor: ["203.0.113.5"]) == "203.0.113.5")
        // Two proxies in a row: the inner one appended the outer one.
        #expect(Self.proxies.clientAddress(peer: "10.0.0.2", forwardedFor: ["203.0.113.5, 10.0.0.3"]) == "203.0.113.5")
        // Several header lines count as one list, in order.
        #expect(Self.proxies.clientAddress(peer: "10.0.0.2", forwardedFor: ["203.0.113.5", "10.0.0.3"]) == "203.0.113.5")
        // No header: the proxy itself.
        #expect(Self.proxies.clientAddress(peer: "10.0.0.2", forwardedFor: []) == "10.0.0.2")
        // Ports as some proxies write them.
        #expect(Self.proxies.clientAddress(peer: "10.0.0.2", forwardedFor: ["203.0.113.5:4711"]) == "203.0.113.5")
    }

    @Test func spoofedLeftmostEntriesAreIgnored() {
        // The client sent "1.1.1.1, 10.9.9.9"; our proxy appended the address it saw.
        let forwarded = ["1.1.1.1, 10.9.9.9, 203.0.113.5"]
        #expect(Self.proxies.clientAddress(peer: "10.0.0.2", forwardedFor: forwarded) == "203.0.113.5")
    }

    @Test func ipv6AndMixedChainsAreReadAlike() {
        let proxies = Self.proxies
        #expect(proxies.clientAddress(peer: "2001:db8:ffff::1", forwardedFor: ["2001:DB8:1::7"]) == "2001:db8:1::7")
        #expect(proxies.clientAddress(peer: "2001:db8:ffff::1", forwardedFor: ["198.51.100.4, 10.0.0.3"]) == "198.51.100.4")
        #expect(proxies.clientAddress(peer: "::ffff:10.0.0.2", forwardedFor: ["[2001:db8:1::7]:443"]) == "2001:db8:1::7")
    }

    @Test func aMalformedEntryStopsAtTheLastTrustedHop() {
        #expect(Self.proxies.clientAddress(peer: "10.0.0.2", forwardedFor: ["unknown"]) == "10.0.0.2")
        #expect(Self.proxies.clientAddress(peer: "10.0.0.2", forwardedFor: ["203.0.113.5, garbage, 10.0.0.3"]) == "10.0.0.3")
        #expect(Self.proxies.clientAddress(peer: "10.0.0.2", forwardedFor: ["203.0.113.5,"]) == "10.0.0.2")
        // Every hop trusted: the leftmost is the best knowledge there is.
        #expect(Self.proxies.clientAddress(peer: "10.0.0.2", forwardedFor: ["10.0.0.9, 10.0.0.3"]) == "10.0.0.9")
    }

    @Test func ipv6ClientsAreThrottledPerSlash64() {
        let one = IPAddress("2001:db8:1:2::1")!.throttleScope
        #expect(one == "2001:db8:1:2::/64")
        #expect(IPAddress("2001:db8:1:2:ffff:ffff:ffff:ffff")!.throttleScope == one)
        #expect(IPAddress("2001:db8:1:3::1")!.throttleScope != one)
        #expect(IPAddress("192.0.2.1")!.throttleScope == "192.0.2.1")
    }
}
