import Foundation
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// A support on a vote night is the session lookup and three statements (BEGIN, one
/// statement, COMMIT): counted here as PostgreSQL's BindComplete messages, one per
/// executed statement (preparing one adds a ParseComplete, not a BindComplete), on a pool
/// of one connection whose log this test reads.
@Suite struct VoteRoundTripTests {
    @Test func aSupportIsOneSessionLookupAndThreeStatements() async throws {
        try await withTestDatabase { url, setup in
            let clock = ManualClock()
            let fixtures = VoteFixtures(database: setup, clock: clock.clock)
            let campaign = try await fixtures.campaign("laerm", phase: .discussion, kind: .dialogue) {
                $0.supportsPerParticipant = 5
                $0.ratingsEnabled = true
            }
            let proposals = [try await fixtures.proposal(in: campaign), try await fixtures.proposal(in: campaign)]
            let account = try await fixtures.participants(1)[0]
            let lifetimes = Sessions.Lifetimes(idle: 3600, absolute: 86_400)
            let (token, _) = try await Sessions.open(
                for: account, now: clock.now, lifetimes: lifetimes, clientAddress: nil, userAgent: nil, on: setup)
            let capture = LogCapture()
            try await TestDatabases.withClient(url, poolSize: 1, connectionLogger: capture.logger(level: .trace)) { database in
                var votes = VoteService(database: database, clock: clock.clock)
                votes.writeLimits = .defaults
                func roundTrips(_ work: () async throws -> Void) async throws -> Int {
                    let before = Self.bindComplete(capture)
                    try await work()
                    return Self.bindComplete(capture) - before
                }
                // The first use on a connection prepares the statements.
                _ = try await Sessions.resolve(token: token.text, now: clock.now, lifetimes: lifetimes, on: database)
                _ = try await votes.support(proposals[0], by: account)
                _ = try await votes.rate(proposals[0], value: 1, by: account)

                #expect(
                    try await roundTrips { _ = try await Sessions.resolve(token: token.text, now: clock.now, lifetimes: lifetimes, on: database) }
                        == 1)
                #expect(try await roundTrips { _ = try await votes.support(proposals[1], by: account) } == 3)
                #expect(try await roundTrips { _ = try await votes.rate(proposals[1], value: -1, by: account) } == 3)
                #expect(try await roundTrips { try await votes.unsupport(proposals[1], by: account) } == 3)
            }
        }
    }

    static func bindComplete(_ capture: LogCapture) -> Int {
        capture.entries.filter { $0.message == "Backend message received" && $0.text.contains("bindComplete") }.count
    }
}
