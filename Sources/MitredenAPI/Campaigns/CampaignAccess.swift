import Foundation
import MitredenStore

/// Object-level checks for campaigns on the request's principal; the rules themselves are
/// ``Visibility``'s.
extension Authorization {
    /// A manager of the campaign's unit, or an admin.
    static func manager(of campaign: CampaignRecord) throws(APIError) -> Principal {
        try member(.manager, of: campaign.unitSlug)
    }

    /// Whether the caller may know the campaign exists; a hidden draft answers 404, not 403.
    static func canSee(_ campaign: CampaignRecord) -> Bool {
        Visibility.canSee(campaign, viewer: RequestScope.current.principal?.account)
    }

    /// An admin, or a member of the campaign's unit in any role.
    static func isStaff(of campaign: CampaignRecord) -> Bool {
        Visibility.isStaff(RequestScope.current.principal?.account, of: campaign.unitSlug)
    }

    /// The campaign if the caller may know of it, else a 404.
    static func visibleCampaign(_ slug: String, in database: Database) async throws -> CampaignRecord {
        try await Visibility.campaign(slug, for: RequestScope.current.principal?.account, database: database)
    }

    /// Units whose drafts the caller may list; nil means all (admins).
    static func draftUnits() -> [String]? {
        guard let account = RequestScope.current.principal?.account else { return [] }
        return account.isAdmin ? nil : account.memberships.map(\.unitSlug)
    }
}
