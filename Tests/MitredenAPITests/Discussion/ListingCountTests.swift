import Foundation
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// The total beside an unfiltered list comes from a count kept by trigger: it must agree
/// with the proposals actually listed, whatever happens to them.
@Suite struct ListingCountTests {
    @Test func theKeptCountFollowsPublishingHidingWithdrawingAndDeleting() async throws {
        try await withTestDatabase { _, database in
            let clock = ManualClock()
            let fixtures = VoteFixtures(database: database, clock: clock.clock)
            let campaign = try await fixtures.campaign("platz", phase: .proposals, kind: .dialogue)
            var ids: [Proposal.ID] = []
            for index in 0..<6 { ids.append(try await fixtures.proposal(in: campaign, status: index == 5 ? "pending" : "published")) }
            func totals() async throws -> (kept: Int, counted: Int) {
                let kept = try await Proposals.list(ProposalQuery(campaignID: campaign.id), on: database).total
                let counted = try await database.query(
                    """
                    SELECT count(*)::int FROM proposals
                    WHERE campaign_id = \(campaign.id) AND moderation_status = 'published' AND withdrawn_at IS NULL
                    """)[0].decode(Int.self)
                return (kept, counted)
            }
            #expect(try await totals() == (5, 5))
            try await database.query("UPDATE proposals SET moderation_status = 'published' WHERE id = \(ids[5])")
            try await database.query("UPDATE proposals SET moderation_status = 'hidden' WHERE id = \(ids[0])")
            try await database.query("UPDATE proposals SET withdrawn_at = now() WHERE id = \(ids[1])")
            try await database.query("UPDATE proposals SET title = 'Neu' WHERE id = \(ids[2])")
            try await database.query("DELETE FROM proposals WHERE id = \(ids[3])")
            #expect(try await totals() == (3, 3))
            // A filtered list still counts its matches.
            let filtered = try await Proposals.list(ProposalQuery(campaignID: campaign.id, text: "Neu"), on: database)
            #expect(filtered.total == 1)
        }
    }
}
