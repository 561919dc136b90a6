import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// A rolling upgrade: the next release migrates first, and the instances of this one keep
/// serving on its schema until they are replaced, as long as its migrations are declared
/// `expand`. Here this build plays the previous release: the database gets this build's
/// migrations plus the next release's, and this build's application runs on it.
@Suite struct RollingUpgradeTests {
    static func nextRelease(_ compatibility: String, number offset: Int = 1, _ sql: String) throws -> Migration {
        let version = try Migration.embedded().count + offset
        return try Migration(
            fileName: String(format: "%04d", version) + "_next_release.sql", sql: "-- compatibility: \(compatibility)\n\(sql)\n")
    }

    @Test func thePreviousBuildStaysReadyAndServesOnAnExpandedSchema() async throws {
        try await withTestDatabase { url, database in
            try await RuntimeRole.requireGrants(on: database)
            let own = try Migration.embedded()
            let expand = try Self.nextRelease(
                "expand",
                """
                ALTER TABLE proposals ADD COLUMN next_release_note text;
                CREATE TABLE next_release_things (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
                """)
            try await Migrator(database: database, migrations: own + [expand]).migrate()
            let clock = ManualClock()
            try await withTestApp(on: url, configure: { $0.clock = clock.clock }) { client in
                let ready = try await client.send(.get, "/health/ready")
                #expect(ready.status == .ok)
                #expect(try ready.json()["schemaVersion"] as? Int == expand.version)
                #expect(try ready.json()["buildSchemaVersion"] as? Int == own.count)
                // And it works: a participant supports a proposal and reads it back.
                let votes = VoteFixtures(database: database, clock: clock.clock)
                let campaign = try await votes.campaign("laerm", phase: .discussion, kind: .dialogue)
                let proposal = try await votes.proposal(in: campaign)
                let accounts = AccountFixtures(client: client, database: database, clock: clock.clock)
                try await accounts.account("Ada")
                let token = try await accounts.login("Ada")
                #expect(try await client.send(.put, "/v1/proposals/\(proposal)/support", token: token).status == .ok)
                #expect(try await client.send(.get, "/v1/proposals/\(proposal)").json()["supports"] as? Int == 1)

                // A contracting migration after it takes the previous build out of the proxy.
                let contract = try Self.nextRelease("contract", number: 2, "ALTER TABLE proposals DROP COLUMN next_release_note;")
                try await Migrator(database: database, migrations: own + [expand, contract]).migrate()
                let notReady = try await client.send(.get, "/health/ready")
                #expect(notReady.status == .serviceUnavailable)
                #expect(try notReady.problem().detail?.contains(contract.fileName) == true)
            }
        }
    }
}
