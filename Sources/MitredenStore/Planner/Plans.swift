import Foundation
import MitredenDomain
import PostgresNIO

/// Whether a plan is the participant's working copy or the one that counts.
public enum PlanStatus: String, Sendable, CaseIterable {
    case draft, submitted
}

/// How a plan reached the city: online by the participant, or entered by staff.
public enum PlanChannel: String, Sendable, CaseIterable {
    case online, paper, mail, event
}

/// A stored plan with its lines (only those that differ from the baseline or say why).
public struct StoredPlan: Sendable, Equatable {
    public var id: Plan.ID
    public var status: PlanStatus
    public var channel: PlanChannel
    public var balanceCents: Int64
    public var lines: [StoredPlanLine]
    public var updatedAt: Date
    public var submittedAt: Date?
}

public struct StoredPlanLine: Sendable, Equatable {
    public var item: String
    public var amountCents: Int64
    public var justification: String?
    /// `pending`, `published` or `rejected`; nil without a justification.
    public var justificationStatus: String?
}

/// A published justification, for the council.
public struct PlanJustification: Sendable, Equatable {
    public var item: String
    public var amountCents: Int64
    public var text: String
}

/// Plans: one draft and one submitted plan per (planner, participant) by the key
/// `plans_one_per_participant`; a replacement rewrites the lines of the one row.
public enum Plans {
    /// Inserts or replaces the participant's plan of `status` (paper plans: always a new
    /// row); the upsert locks the row, so concurrent replacements leave one whole plan.
    /// Without `district`, an online plan takes its account's (in the same statement).
    public static func save(
        planner: Planner.ID, account: Account.ID?, status: PlanStatus, channel: PlanChannel, district: String?, balanceCents: Int64,
        lines: [PlanLine], justificationStatus: String, enteredBy: Account.ID?, now: Date, on tx: Transaction
    ) async throws -> Plan.ID {
        let submittedAt: Date? = status == .submitted ? now : nil
        let id = try await tx.query(
            """
            INSERT INTO plans (planner_id, account_id, status, channel, district, balance_cents, entered_by, created_at, updated_at,
                               submitted_at)
            VALUES (\(planner), \(account), \(status.rawValue), \(channel.rawValue),
                    coalesce(\(district), (SELECT district FROM accounts WHERE id = \(account))), \(balanceCents), \(enteredBy), \(now),
                    \(now), \(submittedAt))
            ON CONFLICT ON CONSTRAINT plans_one_per_participant DO UPDATE SET district = EXCLUDED.district,
                balance_cents = EXCLUDED.balance_cents, updated_at = EXCLUDED.updated_at, submitted_at = EXCLUDED.submitted_at
            RETURNING id
            """)[0].decode(Plan.ID.self)
        // One statement: the lines no longer in the plan go, the others are written over
        // (the two sets of keys are disjoint, so the delete and the upsert never meet).
        // Arrays of optionals are not bound; '' stands for "none" (a justification is never empty).
        let items = lines.map(\.item)
        let justifications = lines.map { $0.justification ?? "" }
        try await tx.query(
            """
            WITH gone AS (DELETE FROM plan_lines WHERE plan_id = \(id) AND item_key <> ALL (\(items)::text[]))
            INSERT INTO plan_lines (plan_id, item_key, amount_cents, justification, justification_status)
            SELECT \(id), l.item, l.amount, NULLIF(l.why, ''), CASE WHEN l.why <> '' THEN \(justificationStatus) END
            FROM unnest(\(items)::text[], \(lines.map(\.amountCents))::bigint[], \(justifications)::text[])
                 AS l(item, amount, why)
            ON CONFLICT (plan_id, item_key) DO UPDATE SET amount_cents = EXCLUDED.amount_cents,
                justification = EXCLUDED.justification, justification_status = EXCLUDED.justification_status
            """)
        return id
    }

    /// The participant's plan of `status`, or nil.
    /// One round trip: the lines come as parallel arrays ('' standing for "none").
    public static func find(planner: Planner.ID, account: Account.ID, status: PlanStatus, on db: some SQLExecutor) async throws -> StoredPlan? {
        let rows = try await db.query(
            """
            SELECT p.id, p.channel, p.balance_cents, p.updated_at, p.submitted_at,
                   ARRAY(SELECT item_key FROM plan_lines WHERE plan_id = p.id ORDER BY item_key),
                   ARRAY(SELECT amount_cents FROM plan_lines WHERE plan_id = p.id ORDER BY item_key),
                   ARRAY(SELECT coalesce(justification, '') FROM plan_lines WHERE plan_id = p.id ORDER BY item_key),
                   ARRAY(SELECT coalesce(justification_status, '') FROM plan_lines WHERE plan_id = p.id ORDER BY item_key)
            FROM plans p
            WHERE p.planner_id = \(planner) AND p.account_id = \(account) AND p.status = \(status.rawValue)
            """)
        guard let row = rows.first else { return nil }
        let (id, channel, balance, updated, submitted, items, amounts, texts, statuses) = try row.decode(
            (Plan.ID, String, Int64, Date, Date?, [String], [Int64], [String], [String]).self)
        guard items.count == amounts.count, items.count == texts.count, items.count == statuses.count else {
            throw ServiceError.unexpected("the stored lines of plan \(id.uuidString) do not line up")
        }
        let lines = items.indices.map { i in
            StoredPlanLine(
                item: items[i], amountCents: amounts[i], justification: texts[i].isEmpty ? nil : texts[i],
                justificationStatus: statuses[i].isEmpty ? nil : statuses[i])
        }
        return StoredPlan(
            id: id, status: status, channel: try PlanChannel(stored: channel), balanceCents: balance, lines: lines, updatedAt: updated,
            submittedAt: submitted)
    }

    /// Deletes the participant's draft and submitted plan; returns how many there were.
    public static func delete(planner: Planner.ID, account: Account.ID, on db: some SQLExecutor) async throws -> Int {
        try await db.query("DELETE FROM plans WHERE planner_id = \(planner) AND account_id = \(account) RETURNING 1").count
    }

    /// Every submitted plan as changes per item in the planner's order, in id order so the
    /// clustering sees the same sequence every time.
    public static func submittedVectors(of planner: PlannerRecord, on db: some SQLExecutor) async throws -> [PlanVector] {
        let items = planner.definition.items
        let column = Dictionary(uniqueKeysWithValues: items.enumerated().map { ($1.key, $0) })
        let baselines = items.map(\.baselineCents)
        let rows = try await db.query(
            """
            SELECT p.balance_cents, p.district,
                   coalesce(array_agg(l.item_key) FILTER (WHERE l.item_key IS NOT NULL), '{}') AS keys,
                   coalesce(array_agg(l.amount_cents) FILTER (WHERE l.item_key IS NOT NULL), '{}') AS amounts
            FROM plans p LEFT JOIN plan_lines l ON l.plan_id = p.id
            WHERE p.planner_id = \(planner.id) AND p.status = 'submitted'
            GROUP BY p.id ORDER BY p.id
            """)
        var vectors: [PlanVector] = []
        vectors.reserveCapacity(rows.count)
        for row in rows {
            let (balance, district, keys, amounts) = try row.decode((Int64, String?, [String], [Int64]).self)
            var changes = [Int64](repeating: 0, count: items.count)
            for (key, amount) in zip(keys, amounts) {
                guard let index = column[key] else { continue }
                changes[index] = amount - baselines[index]
            }
            vectors.append(PlanVector(changes: changes, balanceCents: balance, district: district))
        }
        return vectors
    }

    /// Published justifications of submitted plans, per item, newest first, at most `limit` per item.
    public static func justifications(planner: Planner.ID, limit: Int, on db: some SQLExecutor) async throws -> [PlanJustification] {
        try await db.query(
            """
            SELECT item_key, amount_cents, justification FROM (
                SELECT l.item_key, l.amount_cents, l.justification,
                       row_number() OVER (PARTITION BY l.item_key ORDER BY p.submitted_at DESC, p.id) AS n
                FROM plan_lines l JOIN plans p ON p.id = l.plan_id
                WHERE p.planner_id = \(planner) AND p.status = 'submitted' AND l.justification_status = 'published'
            ) j WHERE n <= \(limit) ORDER BY item_key, n
            """
        ).map { row in
            let (item, amount, text) = try row.decode((String, Int64, String).self)
            return PlanJustification(item: item, amountCents: amount, text: text)
        }
    }

    /// Sets a justification's moderation status; false when the line has none.
    public static func decideJustification(
        plan: Plan.ID, planner: Planner.ID, item: String, status: String, on db: some SQLExecutor
    ) async throws -> Bool {
        !(try await db.query(
            """
            UPDATE plan_lines SET justification_status = \(status)
            WHERE plan_id = \(plan) AND item_key = \(item) AND justification IS NOT NULL
              AND plan_id IN (SELECT id FROM plans WHERE planner_id = \(planner)) RETURNING 1
            """
        ).isEmpty)
    }
}
