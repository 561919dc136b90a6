import Foundation
import Logging
import MitredenDomain
import PostgresNIO

/// A person's votes, as the personal-data export shows them (GDPR Art. 15).
public struct VoteData: Sendable, Codable, Equatable {
    public struct Support: Sendable, Codable, Equatable {
        public var proposalID: Proposal.ID
        public var campaign: String
        public var createdAt: Date
    }
    public struct Rating: Sendable, Codable, Equatable {
        public var proposalID: Proposal.ID
        public var campaign: String
        public var value: Int
        public var updatedAt: Date
    }
    public struct Ballot: Sendable, Codable, Equatable {
        public var campaign: String
        public var area: String
        public var submittedAt: Date
        public var choices: [BallotChoice]
    }
    /// A budget plan (issue 14): the draft or the submitted one, with every line and
    /// its justification whatever its moderation status (it is the person's own text).
    public struct Plan: Sendable, Codable, Equatable {
        public struct Line: Sendable, Codable, Equatable {
            public var item: String
            public var amountCents: Int64
            public var justification: String?
            public var justificationStatus: String?
        }
        public var campaign: String
        public var status: String
        public var channel: String
        public var balanceCents: Int64
        public var updatedAt: Date
        public var submittedAt: Date?
        public var lines: [Line]
    }
    public var supports: [Support] = []
    public var ratings: [Rating] = []
    public var ballots: [Ballot] = []
    public var plans: [Plan] = []

    public init() {}

    static func load(account id: Account.ID, on db: some SQLExecutor) async throws -> VoteData {
        var data = VoteData()
        data.supports = try await db.query(
            """
            SELECT s.proposal_id, c.slug, s.created_at FROM supports s JOIN campaigns c ON c.id = s.campaign_id
            WHERE s.account_id = \(id) ORDER BY s.created_at, s.proposal_id
            """
        ).map { row in
            let (proposal, campaign, created) = try row.decode((Proposal.ID, String, Date).self)
            return Support(proposalID: proposal, campaign: campaign, createdAt: created)
        }
        data.ratings = try await db.query(
            """
            SELECT r.proposal_id, c.slug, r.value::int, r.updated_at FROM ratings r JOIN campaigns c ON c.id = r.campaign_id
            WHERE r.account_id = \(id) ORDER BY r.updated_at, r.proposal_id
            """
        ).map { row in
            let (proposal, campaign, value, updated) = try row.decode((Proposal.ID, String, Int, Date).self)
            return Rating(proposalID: proposal, campaign: campaign, value: value, updatedAt: updated)
        }
        var ballots: [MitredenDomain.Ballot.ID: Ballot] = [:]
        var order: [MitredenDomain.Ballot.ID] = []
        for row in try await db.query(
            """
            SELECT b.id, c.slug, a.slug, b.submitted_at, ch.proposal_id, ch.points::int
            FROM ballots b JOIN campaigns c ON c.id = b.campaign_id JOIN budget_areas a ON a.id = b.area_id
            LEFT JOIN ballot_choices ch ON ch.ballot_id = b.id
            WHERE b.account_id = \(id) ORDER BY b.submitted_at, b.id, ch.rank
            """)
        {
            let (ballot, campaign, area, submitted, proposal, points) = try row.decode(
                (MitredenDomain.Ballot.ID, String, String, Date, Proposal.ID?, Int?).self)
            if ballots[ballot] == nil {
                ballots[ballot] = Ballot(campaign: campaign, area: area, submittedAt: submitted, choices: [])
                order.append(ballot)
            }
            if let proposal { ballots[ballot]?.choices.append(BallotChoice(proposalID: proposal, points: points)) }
        }
        data.ballots = order.compactMap { ballots[$0] }
        data.plans = try await loadPlans(account: id, on: db)
        return data
    }

    /// The person's plans with their lines, in one query (lines as parallel arrays).
    private static func loadPlans(account id: Account.ID, on db: some SQLExecutor) async throws -> [Plan] {
        try await db.query(
            """
            SELECT c.slug, p.status, p.channel, p.balance_cents, p.updated_at, p.submitted_at,
                   coalesce(array_agg(l.item_key ORDER BY l.item_key) FILTER (WHERE l.item_key IS NOT NULL), '{}'),
                   coalesce(array_agg(l.amount_cents ORDER BY l.item_key) FILTER (WHERE l.item_key IS NOT NULL), '{}'),
                   coalesce(array_agg(coalesce(l.justification, '') ORDER BY l.item_key) FILTER (WHERE l.item_key IS NOT NULL), '{}'),
                   coalesce(array_agg(coalesce(l.justification_status, '') ORDER BY l.item_key)
                            FILTER (WHERE l.item_key IS NOT NULL), '{}')
            FROM plans p JOIN planners pl ON pl.id = p.planner_id JOIN campaigns c ON c.id = pl.campaign_id
            LEFT JOIN plan_lines l ON l.plan_id = p.id
            WHERE p.account_id = \(id)
            GROUP BY p.id, c.slug ORDER BY p.created_at, p.id
            """
        ).map { row in
            let (campaign, status, channel, balance, updated, submitted, items, amounts, texts, statuses) = try row.decode(
                (String, String, String, Int64, Date, Date?, [String], [Int64], [String], [String]).self)
            // '' stands for "none" in the arrays (a justification is never empty).
            let lines = items.indices.map { i in
                Plan.Line(
                    item: items[i], amountCents: amounts[i], justification: texts[i].isEmpty ? nil : texts[i],
                    justificationStatus: statuses[i].isEmpty ? nil : statuses[i])
            }
            return Plan(
                campaign: campaign, status: status, channel: channel, balanceCents: balance, updatedAt: updated, submittedAt: submitted,
                lines: lines)
        }
    }

    /// On erasure, votes where voting is still open are withdrawn: the person could
    /// otherwise register again and vote a second time, and a withdrawn vote is what they
    /// could have done themselves. Votes where voting has closed stay counted but move to a
    /// fresh anonymous account of their own, so they no longer share an id with the
    /// person's proposals, comments or audit entries; the one-vote keys still hold because
    /// the new id has no other votes.
    static func detach(account id: Account.ID, now: Date, on tx: Transaction) async throws {
        // "Still open": a phase that takes these votes has not ended yet (the counters
        // follow by trigger).
        for statement: PostgresQuery in [
            """
            DELETE FROM ballots WHERE account_id = \(id) AND campaign_id IN (
                SELECT campaign_id FROM phases WHERE kind = 'voting' AND ends_at > \(now))
            """,
            // Budget plans (issue 14) like ballots: drafts always, submitted ones while plans are open.
            """
            DELETE FROM plans WHERE account_id = \(id) AND (status = 'draft' OR planner_id IN (
                SELECT pl.id FROM planners pl JOIN phases ph ON ph.campaign_id = pl.campaign_id
                WHERE ph.kind = 'voting' AND ph.ends_at > \(now)))
            """,
            """
            DELETE FROM supports WHERE account_id = \(id) AND campaign_id IN (
                SELECT campaign_id FROM phases WHERE kind IN ('proposals', 'discussion') AND ends_at > \(now))
            """,
            """
            DELETE FROM ratings WHERE account_id = \(id) AND campaign_id IN (
                SELECT campaign_id FROM phases WHERE kind IN ('proposals', 'discussion') AND ends_at > \(now))
            """,
        ] {
            try await tx.query(statement)
        }
        let voted = try await tx.query(
            """
            SELECT EXISTS (SELECT 1 FROM supports WHERE account_id = \(id)) OR EXISTS (SELECT 1 FROM ratings WHERE account_id = \(id))
                OR EXISTS (SELECT 1 FROM ballots WHERE account_id = \(id)) OR EXISTS (SELECT 1 FROM plans WHERE account_id = \(id))
            """)[0].decode(Bool.self)
        guard voted else { return }
        let fresh = try await tx.query(
            """
            INSERT INTO accounts (status, created_at, erased_at) VALUES ('erased', \(now), \(now)) RETURNING id
            """)[0].decode(Account.ID.self)
        for statement: PostgresQuery in [
            "UPDATE supports SET account_id = \(fresh) WHERE account_id = \(id)",
            "UPDATE ratings SET account_id = \(fresh) WHERE account_id = \(id)",
            "UPDATE ballots SET account_id = \(fresh) WHERE account_id = \(id)",
            "UPDATE plans SET account_id = \(fresh) WHERE account_id = \(id)",
        ] {
            try await tx.query(statement)
        }
    }
}
