import Foundation
import MitredenDomain

/// Who may see what: the one place for "is staff of this unit" and "campaign visible or
/// 404". Held content (pending, hidden, rejected) is seen by its author and the staff of
/// the campaign's unit only; a draft campaign by its unit's staff only.
public enum Visibility {
    /// Admins, and anyone holding any role in the unit.
    public static func isStaff(_ account: AccountRecord?, of unit: String) -> Bool {
        guard let account else { return false }
        return account.isAdmin || account.memberships.contains { $0.unitSlug == unit }
    }

    /// Whether the viewer may know the campaign exists; a hidden draft answers 404, not 403.
    public static func canSee(_ campaign: CampaignRecord, viewer: AccountRecord?) -> Bool {
        campaign.status != .draft || isStaff(viewer, of: campaign.unitSlug)
    }

    public static func canSee(_ proposal: ProposalRecord, viewer: AccountRecord?) -> Bool {
        if proposal.moderationStatus == .published { return true }
        if let viewer, proposal.authorID == viewer.id { return true }
        return isStaff(viewer, of: proposal.campaignUnit)
    }

    /// The campaign if the viewer may know of it, else a 404 naming the slug.
    public static func campaign(_ slug: String, for viewer: AccountRecord?, database: Database) async throws -> CampaignRecord {
        guard let campaign = try await Campaigns.find(slug: slug, on: database), canSee(campaign, viewer: viewer) else {
            throw ServiceError.notFound("no campaign '\(slug)'")
        }
        return campaign
    }
}

extension AccountRecord {
    /// How the audit log names this account as the actor.
    public var auditActor: AuditActor { AuditActor(accountID: id, label: role.rawValue) }
}
