import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

@Suite struct LoginThrottleTests {
    @Test func anAccountIsThrottledAfterTheLimitNotBefore() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: {
            $0.clock = clock.clock
            $0.accounts.loginFailuresPerAccount = 3
            $0.accounts.loginWindow = 600
        }) { client, database in
            let fixtures = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await fixtures.account("Hanna")
            let wrong: [String: any Sendable] = ["email": "hanna@example.org", "password": "a typo in it"]
            for _ in 0..<3 {
                #expect(try await client.send(.post, "/v1/sessions", json: wrong).status == .unauthorized)
            }
            clock.advance(by: 100)
            let throttled = try await client.send(.post, "/v1/sessions", json: ["email": "hanna@example.org", "password": AccountFixtures.password])
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.headers[.retryAfter] == "500")
            #expect(try throttled.problem().status == 429)
            // Another account on the same network is not affected.
            try await fixtures.account("Ines")
            _ = try await fixtures.login("Ines")
            clock.advance(by: 501)
            _ = try await fixtures.login("Hanna")
        }
    }

    @Test func unknownAddressesAreThrottledTheSameWay() async throws {
        try await withTestApp(configure: { $0.accounts.loginFailuresPerAccount = 2 }) { client, _ async throws -> Void in
            let body: [String: any Sendable] = ["email": "ghost@example.org", "password": "whatever it is"]
            #expect(try await client.send(.post, "/v1/sessions", json: body).status == .unauthorized)
            #expect(try await client.send(.post, "/v1/sessions", json: body).status == .unauthorized)
            #expect(try await client.send(.post, "/v1/sessions", json: body).status == .tooManyRequests)
        }
    }

    @Test func aClientAddressIsThrottledAcrossAccounts() async throws {
        try await withTestApp(configure: {
            $0.accounts.loginFailuresPerAccount = 100
            $0.accounts.loginFailuresPerAddress = 4
        }) { client, _ in
            for index in 0..<4 {
                let body: [String: any Sendable] = ["email": "user\(index)@example.org", "password": "whatever it is"]
                #expect(try await client.send(.post, "/v1/sessions", json: body).status == .unauthorized)
            }
            let fifth = try await client.send(.post, "/v1/sessions", json: ["email": "user9@example.org", "password": "whatever it is"])
            #expect(fifth.status == .tooManyRequests)
            #expect(fifth.headers[.retryAfter] != nil)
        }
    }

    @Test func registrationsFromOneAddressAreLimitedPerHour() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: {
            $0.clock = clock.clock
            $0.accounts.registrationsPerAddress = 2
        }) { client, _ in
            for index in 0..<2 {
                let body: [String: any Sendable] = [
                    "email": "r\(index)@example.org", "password": "a long and unusual passphrase", "displayName": "Reg \(index)",
                ]
                #expect(try await client.send(.post, "/v1/accounts", json: body).status == .accepted)
            }
            let third: [String: any Sendable] = ["email": "r3@example.org", "password": "a long and unusual passphrase", "displayName": "Reg 3"]
            let refused = try await client.send(.post, "/v1/accounts", json: third)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] == "3600")
            clock.advance(by: 3600)
            #expect(try await client.send(.post, "/v1/accounts", json: third).status == .accepted)
        }
    }

    @Test func theThrottleTableHoldsNoAddresses() async throws {
        try await withTestApp { client, database in
            _ = try await client.send(.post, "/v1/sessions", json: ["email": "secret@example.org", "password": "whatever it is"])
            let keys = try await database.query("SELECT key FROM login_throttle").map { try $0.decode(String.self) }
            #expect(keys.count == 2)
            #expect(!keys.contains { $0.contains("secret") })
        }
    }
}

@Suite struct HousekeepingTests {
    @Test func overWindowsAndOldSessionsArePruned() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await fixtures.account("Ute")
            _ = try await fixtures.login("Ute")
            _ = try await client.send(.post, "/v1/sessions", json: ["email": "ute@example.org", "password": "wrong one here"])
            #expect(try await Housekeeping.prune(now: clock.now, throttleWindow: 900, on: database) == 0)
            clock.advance(by: 3601)
            #expect(try await Housekeeping.prune(now: clock.now, throttleWindow: 900, on: database) == 2)
            clock.advance(by: 61 * 86400)
            #expect(try await Housekeeping.prune(now: clock.now, throttleWindow: 900, on: database) == 1)
            #expect(try await database.query("SELECT count(*) FROM sessions").first!.decode(Int.self) == 0)
        }
    }
}
