import Foundation
import Logging
import PostgresNIO

/// A proposal as the vote services need it: where it belongs and whether it can be voted on.
public struct VoteTarget: Sendable, Equatable {
    public var proposalID: UUID
    public var campaignID: UUID
    public var campaignSlug: String
    public var areaID: UUID?
    public var moderationStatus: String
    public var withdrawn: Bool

    /// Published and not withdrawn: the only proposals anyone may vote on.
    public var isOpen: Bool { moderationStatus == "published" && !withdrawn }
}

/// Lookups shared by supports, ratings and ballots.
public enum VoteTargets {
    public static func find(proposal id: UUID, on db: some SQLExecutor) async throws -> VoteTarget? {
        let rows = try await db.query("""
            SELECT p.campaign_id, c.slug, p.area_id, p.moderation_status, p.withdrawn_at IS NOT NULL
            FROM proposals p JOIN campaigns c ON c.id = p.campaign_id WHERE p.id = \(id)
            """)
        guard let row = rows.first else { return nil }
        let (campaign, slug, area, status, withdrawn) = try row.decode((UUID, String, UUID?, String, Bool).self)
        return VoteTarget(proposalID: id, campaignID: campaign, campaignSlug: slug, areaID: area,
                          moderationStatus: status, withdrawn: withdrawn)
    }

    /// The id of the campaign's area with `slug`.
    public static func area(campaign: UUID, slug: String, on db: some SQLExecutor) async throws -> UUID? {
        try await db.query("SELECT id FROM budget_areas WHERE campaign_id = \(campaign) AND slug = \(slug)")
            .first?.decode(UUID.self)
    }

    /// Serialises every vote of one participant in one campaign for the rest of the
    /// transaction: limits ("at most n supports", "one area only") are counted under it, so
    /// two concurrent requests cannot both see room for one more.
    public static func lockParticipant(campaign: UUID, account: UUID, on tx: Transaction) async throws {
        let key = "\(campaign.uuidString)/\(account.uuidString)"
        try await tx.query("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 6))")
    }
}
