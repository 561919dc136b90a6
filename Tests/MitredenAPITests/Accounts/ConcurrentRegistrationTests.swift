import Foundation
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// Registrations that race each other still give every caller the same answer: the loser
/// must never see a conflict that would reveal that the address exists. The service is
/// called from concurrent tasks with a pool of several connections (the HTTP test client
/// would send the requests one after another over a single connection).
@Suite struct ConcurrentRegistrationTests {
    @Test func simultaneousRegistrationsOfOneAddressAllSucceedAndCreateOneAccount() async throws {
        try await withTestDatabase { url, _ in
            try await TestDatabases.withClient(url, poolSize: 16) { database in
                var settings = AccountSettings()
                settings.bcryptCost = 4
                let service = AccountService(database: database, settings: settings, clock: .system)
                let failures = await withTaskGroup(of: String?.self) { group in
                    for index in 0..<32 {
                        group.addTask {
                            do {
                                try await service.register(
                                    email: "race@example.org", password: "a long and unusual passphrase",
                                    displayName: "Racer \(index)", district: nil, clientAddress: nil
                                )
                                return nil
                            } catch {
                                return "\(error)"
                            }
                        }
                    }
                    return await group.reduce(into: [String]()) { if let failure = $1 { $0.append(failure) } }
                }
                #expect(failures.isEmpty, "every registration must answer alike: \(failures)")
                let accounts = try await database.query("SELECT count(*) FROM accounts WHERE email = 'race@example.org'")[0]
                    .decode(Int.self)
                #expect(accounts == 1)
                let mails = try await database.query("SELECT count(*) FROM outbox WHERE recipient = 'race@example.org'")[0]
                    .decode(Int.self)
                #expect(mails == 32, "one verification mail and 31 'already registered' mails")
            }
        }
    }
}
