import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// Reads from a real streaming replica (`TestReplica`: a primary of its own and its copy made
/// with pg_basebackup), its replay paused with `pg_wal_replay_pause()` to make it lag.
@Suite struct ReadReplicaTests {
    static let maxLag = 3
    /// How long the replica may take to come within the limit: it replays only this test's
    /// writes, so it serves within a second or two; the wait ends as soon as it does.
    static let catchUp: Duration = .seconds(30)

    /// The replica as `/health/ready` reports it.
    static func replica(_ client: any TestClientProtocol) async throws -> (state: String, lag: Double?) {
        let response = try await client.send(.get, "/health/ready")
        #expect(response.status == .ok)
        let replica = try response.json()["replica"] as? [String: Any]
        return (replica?["state"] as? String ?? "absent", replica?["lagSeconds"] as? Double)
    }

    static func waitFor(
        _ client: any TestClientProtocol, timeout: Duration = .seconds(20), _ condition: (String, Double?) -> Bool
    ) async throws -> (state: String, lag: Double?) {
        let deadline = ContinuousClock.now + timeout
        var last = try await replica(client)
        while !condition(last.state, last.lag) {
            guard ContinuousClock.now < deadline else { return last }
            try await Task.sleep(for: .milliseconds(100))
            last = try await replica(client)
        }
        return last
    }

    static func supports(_ client: any TestClientProtocol, _ proposal: Proposal.ID, token: String? = nil) async throws -> Int? {
        let response = try await client.send(.get, "/v1/proposals/\(proposal)", token: token)
        #expect(response.status == .ok, "\(response.text)")
        return try response.json()["supports"] as? Int
    }

    @Test func aVoterSeesTheirVoteWhileAnonymousReadersMoveToThePrimaryOnceTheReplicaLags() async throws {
        try await TestReplica.withPrimaryAndReplica { pair in
            try await TestDatabases.withClient(pair.owner) { database in
                try await RuntimeRole.requireGrants(on: database)
                let url = pair.owner
                let clock = ManualClock()
                try await withTestApp(
                    on: url,
                    runtime: pair.runtime,
                    configure: {
                        $0.clock = clock.clock
                        $0.replicaURL = pair.replicaRuntime
                        $0.replicaMaxLag = .seconds(Self.maxLag)
                        $0.replicaCheckInterval = .milliseconds(100)
                    }
                ) { client in
                    let votes = VoteFixtures(database: database, clock: clock.clock)
                    let campaign = try await votes.campaign("laerm", phase: .discussion, kind: .dialogue)
                    let proposal = try await votes.proposal(in: campaign)
                    let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
                    try await accounts.account("Ada")
                    let token = try await accounts.login("Ada")
                    // "Serving" allows the replica to be up to the limit behind, so it may not
                    // have the proposal yet: wait until it has, then it serves anonymous reads.
                    try await TestReplica.waitFor("SELECT count(*) FROM proposals WHERE id = '\(proposal)'", toAnswer: "1", on: url)
                    var replica = try await Self.waitFor(client, timeout: Self.catchUp) { state, _ in state == "serving" }
                    #expect(replica.state == "serving")
                    #expect(try await Self.supports(client, proposal) == 0)

                    try await TestReplica.replay(paused: true, owner: url)
                    do {
                        let vote = try await client.send(.put, "/v1/proposals/\(proposal)/support", token: token)
                        #expect(vote.status == .ok)
                        // The voter reads the primary: their vote is there at once.
                        #expect(try await Self.supports(client, proposal, token: token) == 1)
                        // An anonymous reader, while the lag is within the limit, reads the
                        // replica: the vote is not there yet (this is what the limit allows).
                        replica = try await Self.replica(client)
                        if replica.state == "serving" { #expect(try await Self.supports(client, proposal) == 0) }
                        // Past the limit: the instance stays ready, anonymous reads go to the primary.
                        replica = try await Self.waitFor(client) { state, _ in state == "lagging" }
                        #expect(replica.state == "lagging")
                        #expect((replica.lag ?? 0) > Double(Self.maxLag))
                        #expect(try await Self.supports(client, proposal) == 1)
                        let metrics = try await client.send(.get, "/metrics")
                        let text = metrics.text
                        #expect(text.contains("mitreden_replica_serving 0"))
                        #expect(text.contains("mitreden_replica_lag_seconds "))
                        #expect(text.contains("mitreden_public_reads_total{pool=\"replica\"}"))
                        #expect(text.contains("mitreden_public_reads_total{pool=\"primary\"}"))
                    } catch {
                        try await TestReplica.replay(paused: false, owner: url)
                        throw error
                    }
                    try await TestReplica.replay(paused: false, owner: url)
                    replica = try await Self.waitFor(client, timeout: Self.catchUp) { state, _ in state == "serving" }
                    #expect(replica.state == "serving")
                    #expect(try await Self.supports(client, proposal) == 1)
                }
            }
        }
    }

    @Test func aReplicaThatDoesNotAnswerLeavesTheInstanceReadyOnThePrimary() async throws {
        try await withTestDatabase { url, database in
            try await RuntimeRole.requireGrants(on: database)
            // Nothing listens on port 1: every connection is refused at once.
            var nowhere = try TestCluster.runtimeURL(for: url)
            nowhere.port = 1
            let clock = ManualClock()
            try await withTestApp(
                on: url,
                configure: { [nowhere] in
                    $0.clock = clock.clock
                    $0.replicaURL = nowhere
                    $0.replicaCheckInterval = .milliseconds(100)
                }
            ) { client in
                let votes = VoteFixtures(database: database, clock: clock.clock)
                let campaign = try await votes.campaign("laerm", phase: .discussion, kind: .dialogue)
                let proposal = try await votes.proposal(in: campaign)
                let replica = try await Self.waitFor(client) { state, _ in state == "unreachable" }
                #expect(replica.state == "unreachable")
                #expect(try await Self.supports(client, proposal) == 0)
            }
        }
    }

    @Test func aReplicaThatWasPromotedIsNotReadFrom() async throws {
        // The primary itself as "replica": it answers but replays nobody's WAL.
        try await withTestDatabase { url, database in
            try await RuntimeRole.requireGrants(on: database)
            let clock = ManualClock()
            let primary = try TestCluster.runtimeURL(for: url)
            try await withTestApp(
                on: url,
                configure: {
                    $0.clock = clock.clock
                    $0.replicaURL = primary
                    $0.replicaCheckInterval = .milliseconds(100)
                }
            ) { client in
                let replica = try await Self.waitFor(client) { state, _ in state == "not_standby" }
                #expect(replica.state == "not_standby")
            }
        }
    }
}
