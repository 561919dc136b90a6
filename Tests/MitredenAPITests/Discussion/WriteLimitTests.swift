import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

@Suite struct WriteLimitTests {
    @Test func commentsOverTheLimitAre429WithRetryAfterAndOtherAccountsWriteOn() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: {
            $0.clock = clock.clock
            $0.writeLimits.limits[.comment] = [RateLimit(2, per: 60), RateLimit(5, per: 3600)]
        }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz")
            let paula = try await fixtures.accounts.account("Paula")
            try await fixtures.accounts.account("Otto")
            let proposal = try await fixtures.proposal("Brunnen", in: "domplatz", by: paula)
            let path = "/v1/proposals/\(proposal.id)/comments"
            let otto = try await fixtures.accounts.login("Otto")
            for index in 0..<2 {
                #expect(try await client.send(.post, path, json: ["body": "Kommentar \(index)"], token: otto).status == .created)
            }
            let refused = try await client.send(.post, path, json: ["body": "Noch einer"], token: otto)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] == "60")
            #expect(try refused.problem().type.hasSuffix("/too-many-requests"))
            // Another account is not affected.
            let paulaToken = try await fixtures.accounts.login("Paula")
            #expect(try await client.send(.post, path, json: ["body": "Meiner"], token: paulaToken).status == .created)
            // The minute is over: one more goes through (the fourth attempt of the hour), …
            clock.advance(by: 60)
            #expect(try await client.send(.post, path, json: ["body": "Später"], token: otto).status == .created)
            #expect(try await client.send(.post, path, json: ["body": "Noch später"], token: otto).status == .created)
            // … and the hour's limit (5, refused attempts included) waits for the hour's end.
            let hourly = try await client.send(.post, path, json: ["body": "Zu viel"], token: otto)
            #expect(hourly.status == .tooManyRequests)
            #expect(hourly.headers[.retryAfter] == "3540")
            let stored = try await database.query("SELECT count(*)::int FROM comments WHERE author_id <> \(paula)")[0].decode(Int.self)
            #expect(stored == 4)
        }
    }

    @Test func supportsAndRatingsShareTheVoteLimit() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: {
            $0.clock = clock.clock
            $0.writeLimits.limits[.vote] = [RateLimit(2, per: 60)]
        }) { client, database in
            let votes = VoteFixtures(database: database, clock: clock.clock)
            let campaign = try await votes.campaign("laerm", phase: .discussion, kind: .dialogue)
            let proposal = try await votes.proposal(in: campaign)
            let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
            try await accounts.account("Ada")
            try await accounts.account("Ben")
            let ada = try await accounts.login("Ada")
            #expect(try await client.send(.put, "/v1/proposals/\(proposal)/support", token: ada).status == .ok)
            #expect(try await client.send(.delete, "/v1/proposals/\(proposal)/support", token: ada).status == .noContent)
            let refused = try await client.send(.put, "/v1/proposals/\(proposal)/support", token: ada)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] == "60")
            let ben = try await accounts.login("Ben")
            #expect(try await client.send(.put, "/v1/proposals/\(proposal)/support", token: ben).status == .ok)
        }
    }

    @Test func proposalsAreLimitedButStaffEnteringThemOnBehalfAreNot() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: {
            $0.clock = clock.clock
            $0.writeLimits.limits[.proposal] = [RateLimit(1, per: 60)]
            $0.writeLimits.limits[.flag] = [RateLimit(1, per: 3600)]
        }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("domplatz")
            let clerk = try await fixtures.accounts.account("Klara")
            try await fixtures.accounts.member(clerk, of: "unit-a", as: .manager)
            try await fixtures.accounts.account("Paula")
            let paula = try await fixtures.accounts.login("Paula")
            let path = "/v1/campaigns/domplatz/proposals"
            let first = try await client.send(.post, path, json: ["title": "Bänke"], token: paula)
            #expect(first.status == .created)
            #expect(try await client.send(.post, path, json: ["title": "Noch mehr Bänke"], token: paula).status == .tooManyRequests)
            let klara = try await fixtures.accounts.login("Klara")
            for index in 0..<3 {
                let entered = try await client.send(.post, path, json: ["title": "Brief \(index)", "channel": "paper"], token: klara)
                #expect(entered.status == .created, "\(entered.text)")
            }
            // Flags have a limit of their own.
            let firstID = try #require(try first.json()["id"] as? String)
            let flag: [String: any Sendable] = ["reason": "spam"]
            #expect(try await client.send(.post, "/v1/proposals/\(firstID)/flags", json: flag, token: klara).status == .noContent)
            let secondFlag = try await client.send(.post, "/v1/proposals/\(firstID)/flags", json: flag, token: klara)
            #expect(secondFlag.status == .tooManyRequests)
            #expect(secondFlag.headers[.retryAfter] == "3600")
        }
    }

    @Test func limitsAreReadFromTheEnvironmentAndABadOneNamesItsVariable() throws {
        let base = ["MITREDEN_DATABASE_URL": "postgres://app:pw@127.0.0.1:5432/city"]
        let defaults = try AppConfiguration.fromEnvironment(base)
        #expect(defaults.writeLimits == .defaults)
        #expect(defaults.trustedProxies == .none)
        let set = try AppConfiguration.fromEnvironment(
            base.merging([
                "MITREDEN_WRITE_LIMIT_COMMENTS": "3/min, 20/h", "MITREDEN_WRITE_LIMIT_VOTES": "off",
                "MITREDEN_TRUSTED_PROXIES": "10.0.0.0/8, fd00::/8",
            ]) { $1 })
        #expect(set.writeLimits.limits[.comment] == [RateLimit(3, per: 60), RateLimit(20, per: 3600)])
        #expect(set.writeLimits.limits[.vote] == [])
        #expect(set.writeLimits.limits[.proposal] == WriteLimits.defaults.limits[.proposal])
        #expect(set.trustedProxies.networks.map(\.description) == ["10.0.0.0/8", "fd00::/8"])
        for (variable, value) in [
            ("MITREDEN_WRITE_LIMIT_COMMENTS", "10"), ("MITREDEN_WRITE_LIMIT_FLAGS", "10/day"), ("MITREDEN_WRITE_LIMIT_BALLOTS", "1/min,2/min"),
            ("MITREDEN_WRITE_LIMIT_PROPOSALS", "0/min"), ("MITREDEN_TRUSTED_PROXIES", "10.0.0.0/8, proxy.example.org"),
            ("MITREDEN_TRUSTED_PROXIES", "10.0.0.0/33"),
        ] {
            #expect {
                try AppConfiguration.fromEnvironment(base.merging([variable: value]) { $1 })
            } throws: { error in
                guard let error = error as? ConfigurationError else { return false }
                return error.variable == variable && error.description.contains(variable)
            }
        }
    }
}
