import Foundation
import MitredenDomain
import MitredenStore

/// Who may see and act on what in a discussion. Held content (pending, hidden, rejected)
/// is seen by its author and the staff of the campaign's unit only.
enum Visibility {
    /// Admins, and any role in the unit.
    static func isStaff(_ account: AccountRecord?, of unit: String) -> Bool {
        guard let account else { return false }
        return account.isAdmin || account.memberships.contains { $0.unitSlug == unit }
    }

    static func canSee(_ proposal: ProposalRecord, viewer: AccountRecord?) -> Bool {
        if proposal.moderationStatus == .published { return true }
        if let viewer, proposal.authorID == viewer.id { return true }
        return isStaff(viewer, of: proposal.campaignUnit)
    }

    /// The campaign if the viewer may know of it (drafts: staff of its unit only).
    static func campaign(_ slug: String, for viewer: AccountRecord?, database: Database) async throws -> CampaignRecord {
        guard let campaign = try await Campaigns(database: database).find(slug: slug),
              campaign.status != .draft || isStaff(viewer, of: campaign.unitSlug) else {
            throw APIError.notFound("no campaign '\(slug)'")
        }
        return campaign
    }
}

extension AccountRecord {
    /// How the audit log names this account as the actor.
    public var auditActor: AuditActor { AuditActor(accountID: id, label: role.rawValue) }
}
