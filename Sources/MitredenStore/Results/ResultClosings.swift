import Foundation
import MitredenDomain
import PostgresNIO

/// An area whose vote has closed and whose configured rule the result worker has not yet
/// computed for this end of voting.
public struct DueClosing: Sendable, Equatable {
    public var campaignID: Campaign.ID
    public var campaignSlug: String
    public var areaID: BudgetArea.ID
    public var areaSlug: String
    public var rule: BudgetRule
    public var ballotMethod: BallotMethod?
    public var votingEndedAt: Date
}

/// `result_closings`: what the result worker has computed after voting closed.
public enum ResultClosings {
    /// Areas of published budget campaigns with a configured result method whose last voting
    /// phase ended at or before `now` and which have no closing for that end yet. Oldest
    /// closings first, at most `limit` of them.
    public static func due(now: Date, limit: Int = 20, on db: some SQLExecutor) async throws -> [DueClosing] {
        let rows = try await db.query(
            """
            SELECT c.id, c.slug, a.id, a.slug, c.settings->'ballot'->>'resultMethod', c.settings->'ballot'->>'method', v.ends_at
            FROM campaigns c
            JOIN LATERAL (SELECT max(p.ends_at) AS ends_at FROM phases p WHERE p.campaign_id = c.id AND p.kind = 'voting') v ON true
            JOIN budget_areas a ON a.campaign_id = c.id
            WHERE c.status = 'published' AND c.kind = 'budget' AND c.settings->'ballot'->>'resultMethod' IS NOT NULL
              AND v.ends_at <= \(now)
              AND NOT EXISTS (
                  SELECT 1 FROM result_closings rc
                  WHERE rc.area_id = a.id AND rc.method = c.settings->'ballot'->>'resultMethod' AND rc.voting_ended_at = v.ends_at)
            ORDER BY v.ends_at, c.slug, a.position, a.slug
            LIMIT \(limit)
            """)
        var due: [DueClosing] = []
        for row in rows {
            let (campaign, slug, area, areaSlug, method, ballot, ended) = try row.decode(
                (Campaign.ID, String, BudgetArea.ID, String, String, String?, Date).self)
            guard let rule = BudgetRule(rawValue: method) else {
                throw ServiceError.unexpected("campaign \(slug) names an unknown result method \(method)")
            }
            due.append(
                DueClosing(
                    campaignID: campaign, campaignSlug: slug, areaID: area, areaSlug: areaSlug, rule: rule,
                    ballotMethod: ballot.flatMap(BallotMethod.init(rawValue:)), votingEndedAt: ended))
        }
        return due
    }

    /// Computes one due closing unless another instance holds it or has done it: under a
    /// transaction-level advisory lock on (area, method), re-checks, reads the input in this
    /// repeatable-read snapshot, stores (or finds) the run and records the closing. Returns
    /// the run, or nil when there was nothing left to do.
    static func close(_ due: DueClosing, now: Date, in database: Database) async throws -> ResultRunRecord? {
        try await database.withTransaction(isolation: .repeatableRead) { tx in
            let locked = try await tx.query(
                "SELECT pg_try_advisory_xact_lock(hashtextextended(\(due.areaID.uuidString.lowercased() + " " + due.rule.rawValue), 15))"
            )[0].decode(Bool.self)
            guard locked else { return nil }
            let done = try await tx.query(
                """
                SELECT 1 FROM result_closings
                WHERE area_id = \(due.areaID) AND method = \(due.rule.rawValue) AND voting_ended_at = \(due.votingEndedAt)
                """)
            guard done.isEmpty else { return nil }
            // The ballots as they stood when voting ended, whatever happened since.
            let (input, _) = try await ResultFreezes.input(
                campaign: due.campaignID, area: due.areaID, method: due.ballotMethod, now: now, on: tx)
            let run = try await ResultComputation.run(
                due.rule, on: input, campaign: due.campaignID, area: due.areaID, areaSlug: due.areaSlug, now: now, on: tx)
            // The run stays provisional until staff mark it official (`results official`,
            // `POST …/results/runs/{id}/official`): a machine computes, a person declares.
            try await tx.query(
                """
                INSERT INTO result_closings (campaign_id, area_id, method, voting_ended_at, run_id, computed_at)
                VALUES (\(due.campaignID), \(due.areaID), \(due.rule.rawValue), \(due.votingEndedAt), \(run.id), \(now))
                ON CONFLICT DO NOTHING
                """)
            return run
        }
    }
}
