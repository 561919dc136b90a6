import Foundation
import MitredenDomain
import PostgresNIO

/// Pro (+1) and contra (−1) ratings, one per (proposal, account) and changeable. They are
/// written by ``VoteStatements``; the counters follow the rows by trigger (Schema 0008), so
/// they move by exactly the difference whatever writes the row.
public enum Ratings {
    /// Counters of every published, not withdrawn proposal of the campaign, for rankings.
    public static func tallies(campaign: Campaign.ID, on db: some SQLExecutor) async throws -> [(
        id: Proposal.ID, reference: String?, title: String, supports: Int, pro: Int, contra: Int
    )] {
        try await db.query(
            """
            SELECT p.id, p.reference, p.title, k.supports, k.pro, k.contra
            FROM proposals p JOIN proposal_counters k ON k.proposal_id = p.id
            WHERE p.campaign_id = \(campaign) AND p.moderation_status = 'published' AND p.withdrawn_at IS NULL
            """
        ).map { row in
            let (id, reference, title, supports, pro, contra) = try row.decode((Proposal.ID, String?, String, Int, Int, Int).self)
            return (id, reference, title, supports, pro, contra)
        }
    }
}
