import MitredenDomain
import Testing

@Suite struct SessionDisplayTests {
    @Test func addressesAreShownAsTheirNetworkOnly() {
        #expect(SessionDisplay.network(of: "203.0.113.77") == "203.0.113.0/24")
        #expect(SessionDisplay.network(of: "::ffff:198.51.100.9") == "198.51.100.0/24")
        #expect(SessionDisplay.network(of: "2001:db8:4:5:6::1") == "2001:db8:4::/48")
        #expect(SessionDisplay.network(of: "not an address") == nil)
        #expect(SessionDisplay.network(of: nil) == nil)
    }

    @Test func userAgentsBecomeAShortName() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
        let chromeAndroid = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36"
        let safariIPhone =
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 Edg/124.0"
        #expect(SessionDisplay.clientHint(userAgent: firefox) == "Firefox on Linux")
        #expect(SessionDisplay.clientHint(userAgent: chromeAndroid) == "Chrome on Android")
        #expect(SessionDisplay.clientHint(userAgent: safariIPhone) == "Safari on iOS")
        #expect(SessionDisplay.clientHint(userAgent: edge) == "Edge on Windows")
        #expect(SessionDisplay.clientHint(userAgent: "curl/8.5.0") == "curl")
        #expect(SessionDisplay.clientHint(userAgent: String(repeating: "x", count: 300))?.count == 40)
        #expect(SessionDisplay.clientHint(userAgent: "   ") == nil)
        #expect(SessionDisplay.clientHint(userAgent: nil) == nil)
    }
}
