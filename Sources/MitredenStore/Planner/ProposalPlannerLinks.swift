import Foundation
import MitredenDomain

/// The planner item a proposal would change, as its page shows it.
public struct ProposalPlannerLink: Sendable, Equatable {
    public var item: String
    public var name: String
    public var changeCents: Int64
}

/// A proposal names the planner item it would change and by how much ("+2 Mio. € für
/// Kita-Plätze"); the report lists, per item, the proposals that touch it and their official
/// responses. The author sets it while the proposal waits for moderation, the campaign's
/// staff at any time.
extension PlannerService {
    /// Sets (or with `item` nil, removes) the proposal's planner change.
    public func linkProposal(_ proposal: Proposal.ID, item: String?, changeCents: Int64?, by account: AccountRecord) async throws {
        let record = try await ProposalService(database: database, clock: clock).get(proposal, for: account)
        let staff = Visibility.isStaff(account, of: record.campaignUnit)
        guard staff || record.authorID == account.id && record.moderationStatus == .pending else {
            throw ServiceError.forbidden(
                "only the author while the proposal waits for moderation, or the campaign's staff, may link it to the planner")
        }
        if let item {
            guard let changeCents else { throw ServiceError.invalid("changeCents", "is required with an item") }
            guard (-PlannerLimits.maximumCents...PlannerLimits.maximumCents).contains(changeCents) else {
                throw ServiceError.invalid("changeCents", "must be between -10000000000000 and 10000000000000 cents")
            }
            guard let planner = try await Planners.find(campaign: record.campaignID, on: database) else {
                throw ServiceError.notFound("campaign '\(record.campaignSlug)' has no budget planner")
            }
            guard planner.definition.item(item) != nil else { throw ServiceError.invalid("item", "the planner has no item '\(item)'") }
        }
        try await database.query(
            """
            UPDATE proposals SET planner_item = \(item), planner_change_cents = \(item == nil ? nil : changeCents) WHERE id = \(proposal)
            """)
    }

    /// The proposal's planner change with the item's name, for the proposal's page; nil
    /// when it names none (or the item no longer exists in the planner).
    public func proposalLinkView(_ proposal: Proposal.ID) async throws -> ProposalPlannerLink? {
        guard
            let row = try await database.query(
                """
                SELECT p.planner_item, i.name, p.planner_change_cents
                FROM proposals p JOIN planners pl ON pl.campaign_id = p.campaign_id
                JOIN planner_items i ON i.planner_id = pl.id AND i.key = p.planner_item
                WHERE p.id = \(proposal)
                """
            ).first
        else { return nil }
        let (item, name, change) = try row.decode((String, String, Int64).self)
        return ProposalPlannerLink(item: item, name: name, changeCents: change)
    }

    /// The proposal's planner change, if it names one.
    public func proposalLink(_ proposal: Proposal.ID) async throws -> (item: String, changeCents: Int64)? {
        guard let row = try await database.query("SELECT planner_item, planner_change_cents FROM proposals WHERE id = \(proposal)").first
        else { return nil }
        let (item, change) = try row.decode((String?, Int64?).self)
        guard let item, let change else { return nil }
        return (item, change)
    }
}
