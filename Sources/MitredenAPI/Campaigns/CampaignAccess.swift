import Foundation
import MitredenStore

/// Object-level checks for campaigns: drafts are visible to staff of the owning unit
/// only; changes need the manager role in it (admins hold every role).
extension Authorization {
    /// A manager of the campaign's unit, or an admin.
    static func manager(of campaign: CampaignRecord) throws(APIError) -> Principal {
        try member(.manager, of: campaign.unitSlug)
    }

    /// Whether the caller may know the campaign exists; a hidden draft answers 404, not 403.
    static func canSee(_ campaign: CampaignRecord) -> Bool {
        campaign.status != .draft || isStaff(of: campaign)
    }

    /// An admin, or a member of the campaign's unit in any role.
    static func isStaff(of campaign: CampaignRecord) -> Bool {
        guard let account = RequestScope.current.principal?.account else { return false }
        return account.isAdmin || account.memberships.contains { $0.unitSlug == campaign.unitSlug }
    }

    /// Units whose drafts the caller may list; nil means all (admins).
    static func draftUnits() -> [String]? {
        guard let account = RequestScope.current.principal?.account else { return [] }
        return account.isAdmin ? nil : account.memberships.map(\.unitSlug)
    }
}
