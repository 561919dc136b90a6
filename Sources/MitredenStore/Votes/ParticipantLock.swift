import Foundation
import Logging
import MitredenDomain
import PostgresNIO

/// A participant's ballots in one campaign, one at a time.
public enum ParticipantLock {
    /// Serialises the ballots of one participant in one campaign for the rest of the
    /// transaction: "one area only" is checked under it, so two concurrent ballots cannot
    /// both see no other. (Supports are limited under their tally's row lock instead:
    /// ``VoteStatements/AddSupport``.)
    public static func acquire(campaign: Campaign.ID, account: Account.ID, on tx: Transaction) async throws {
        try await tx.query("SELECT pg_advisory_xact_lock(hashtextextended(\(key(campaign: campaign, account: account)), 6))")
    }

    /// The lock's key, hashed as above (also by `save_plan`, Schema 0026, which takes the
    /// lock itself).
    public static func key(campaign: Campaign.ID, account: Account.ID) -> String {
        "\(campaign.uuidString)/\(account.uuidString)"
    }
}
