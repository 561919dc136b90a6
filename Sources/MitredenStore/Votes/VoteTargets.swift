import Foundation
import Logging
import MitredenDomain
import PostgresNIO

/// A proposal as the vote services need it: where it belongs and whether it can be voted on.
public struct VoteTarget: Sendable, Equatable {
    public var proposalID: Proposal.ID
    public var campaignID: Campaign.ID
    public var campaignSlug: String
    public var areaID: BudgetArea.ID?
    public var moderationStatus: String
    public var withdrawn: Bool

    /// Published and not withdrawn: the only proposals anyone may vote on.
    public var isOpen: Bool { moderationStatus == "published" && !withdrawn }
}

/// Lookups shared by supports, ratings and ballots.
public enum VoteTargets {
    public static func find(proposal id: Proposal.ID, on db: some SQLExecutor) async throws -> VoteTarget? {
        let rows = try await db.query(
            """
            SELECT p.campaign_id, c.slug, p.area_id, p.moderation_status, p.withdrawn_at IS NOT NULL
            FROM proposals p JOIN campaigns c ON c.id = p.campaign_id WHERE p.id = \(id)
            """)
        guard let row = rows.first else { return nil }
        let (campaign, slug, area, status, withdrawn) = try row.decode((Campaign.ID, String, BudgetArea.ID?, String, Bool).self)
        return VoteTarget(
            proposalID: id, campaignID: campaign, campaignSlug: slug, areaID: area,
            moderationStatus: status, withdrawn: withdrawn)
    }

    /// Serialises every vote of one participant in one campaign for the rest of the
    /// transaction: limits ("at most n supports", "one area only") are counted under it, so
    /// two concurrent requests cannot both see room for one more.
    public static func lockParticipant(campaign: Campaign.ID, account: Account.ID, on tx: Transaction) async throws {
        let key = "\(campaign.uuidString)/\(account.uuidString)"
        try await tx.query("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 6))")
    }
}
