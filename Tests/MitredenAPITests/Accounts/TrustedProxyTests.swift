import Foundation
import HTTPTypes
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import NIOCore
import TestSupport
import Testing

/// The server runs on 127.0.0.1, so the test client's address is the TCP peer: trusting
/// 127.0.0.1/32 makes the test client a proxy.
@Suite struct TrustedProxyTests {
    static func wrongLogin(_ client: any TestClientProtocol, _ index: Int, from forwarded: String) async throws -> HTTPResponse.Status {
        let body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["email": "user\(index)@example.org", "password": "whatever it is"]))
        let headers: HTTPFields = [.contentType: "application/json", HTTPField.Name("X-Forwarded-For")!: forwarded]
        return try await client.execute(uri: "/v1/sessions", method: .post, headers: headers, body: body).status
    }

    @Test func aTrustedProxysForwardedClientIsThrottledOnItsOwn() async throws {
        try await withTestApp(configure: {
            $0.trustedProxies = try! TrustedProxies(parsing: "127.0.0.1/32")
            $0.accounts.loginFailuresPerAccount = 100
            $0.accounts.loginFailuresPerAddress = 2
        }) { client, database in
            // The client wrote a spoofed address on the left; the proxy appended the real one.
            #expect(try await Self.wrongLogin(client, 1, from: "1.1.1.1, 203.0.113.5") == .unauthorized)
            #expect(try await Self.wrongLogin(client, 2, from: "2.2.2.2, 203.0.113.5") == .unauthorized)
            #expect(try await Self.wrongLogin(client, 3, from: "203.0.113.5") == .tooManyRequests)
            // Another client behind the same proxy is not affected.
            #expect(try await Self.wrongLogin(client, 4, from: "198.51.100.7") == .unauthorized)
            // IPv6 clients count per /64: a new address in the same /64 is the same client.
            #expect(try await Self.wrongLogin(client, 5, from: "2001:db8:1:2::1") == .unauthorized)
            #expect(try await Self.wrongLogin(client, 6, from: "2001:db8:1:2::beef") == .unauthorized)
            #expect(try await Self.wrongLogin(client, 7, from: "2001:db8:1:2:ffff::9") == .tooManyRequests)
            let keys = try await database.query("SELECT key FROM login_throttle WHERE key LIKE 'address:%' ORDER BY key")
                .map { try $0.decode(String.self) }
            #expect(keys == ["address:198.51.100.7", "address:2001:db8:1:2::/64", "address:203.0.113.5"])
        }
    }

    @Test func anUntrustedPeersForwardedForIsIgnored() async throws {
        try await withTestApp(configure: {
            $0.accounts.loginFailuresPerAccount = 100
            $0.accounts.loginFailuresPerAddress = 2
        }) { client, database in
            #expect(try await Self.wrongLogin(client, 1, from: "203.0.113.5") == .unauthorized)
            #expect(try await Self.wrongLogin(client, 2, from: "203.0.113.6") == .unauthorized)
            #expect(try await Self.wrongLogin(client, 3, from: "198.51.100.7") == .tooManyRequests)
            let keys = try await database.query("SELECT key FROM login_throttle WHERE key LIKE 'address:%'").map { try $0.decode(String.self) }
            #expect(keys == ["address:127.0.0.1"])
        }
    }

    @Test func aSessionRecordsTheForwardedClient() async throws {
        try await withTestApp(configure: { $0.trustedProxies = try! TrustedProxies(parsing: "10.0.0.0/8, 127.0.0.1") }) { client, database in
            try await AccountFixtures(client: client, database: database).account("Hanna")
            let body = ByteBuffer(
                bytes: try JSONSerialization.data(withJSONObject: ["email": "hanna@example.org", "password": AccountFixtures.password]))
            let headers: HTTPFields = [.contentType: "application/json", HTTPField.Name("X-Forwarded-For")!: "2001:DB8::7, 10.1.1.1"]
            let response = try await client.execute(uri: "/v1/sessions", method: .post, headers: headers, body: body)
            #expect(response.status == .created)
            let recorded = try await database.query("SELECT client_address FROM sessions")[0].decode(String.self)
            #expect(recorded == "2001:db8::7")
        }
    }
}

/// Fifty guesses at one password sent at once, each over its own connection (one test
/// client sends its requests one after another).
@Suite(.serialized) struct ConcurrentLoginThrottleTests {
    @Test func fiftyParallelWrongPasswordsGetAtMostTheLimitOfAnswersAndTheRest429() async throws {
        try await withTestApp(configure: { $0.accounts.loginFailuresPerAccount = 5 }) { client, database in
            try await AccountFixtures(client: client, database: database).account("Hanna")
            let port = try #require(client.port)
            let body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["email": "hanna@example.org", "password": "a wrong guess"]))
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        try await TestClient.withClient(host: "localhost", port: port) { connection in
                            try await connection.post("/v1/sessions", headers: [.contentType: "application/json"], body: body).status
                        }
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.count == 50)
            #expect(statuses.filter { $0 == .unauthorized }.count <= 5, "\(statuses.map(\.code))")
            #expect(statuses.filter { $0 == .unauthorized }.count + statuses.filter { $0 == .tooManyRequests }.count == 50)
        }
    }
}
