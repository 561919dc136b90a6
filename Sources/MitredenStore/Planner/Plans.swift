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
    /// row) in one round trip (`save_plan`, Schema 0026): it takes the participant's lock
    /// (`lockKey`, nil for a plan entered by staff), upserts the plan and rewrites its lines,
    /// atomically even outside a transaction. Without `district`, an online plan takes its
    /// account's.
    public static func save(
        planner: Planner.ID, account: Account.ID?, lockKey: String?, status: PlanStatus, channel: PlanChannel, district: String?,
        balanceCents: Int64, lines: [PlanLine], justificationStatus: String, enteredBy: Account.ID?, now: Date, on db: some SQLExecutor
    ) async throws -> Plan.ID {
        // Arrays of optionals are not bound; '' stands for "none" (a justification is never empty).
        var binds = PostgresBindings()
        binds.append(lockKey)
        binds.append(planner)
        binds.append(account)
        binds.append(status.rawValue)
        binds.append(channel.rawValue)
        binds.append(district)
        binds.append(balanceCents)
        binds.append(enteredBy)
        binds.append(now)
        binds.append(lines.map(\.item))
        binds.append(lines.map(\.amountCents))
        binds.append(lines.map { $0.justification ?? "" })
        binds.append(justificationStatus)
        return try await db.query(PostgresQuery(unsafeSQL: saveSQL, binds: binds))[0].decode(Plan.ID.self)
    }

    /// $1 lock key, $2 planner, $3 account, $4 status, $5 channel, $6 district, $7 balance,
    /// $8 entered by, $9 now, $10 items, $11 amounts, $12 justifications, $13 their status.
    static let saveSQL = "SELECT save_plan($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text[], $11::bigint[], $12::text[], $13)"

    /// The participant's draft and submitted plan (those that exist), in one round trip:
    /// the lines come as parallel arrays ('' standing for "none").
    public static func find(planner: Planner.ID, account: Account.ID, on db: some SQLExecutor) async throws -> [PlanStatus: StoredPlan] {
        let rows = try await db.query(
            """
            SELECT p.id, p.status, p.channel, p.balance_cents, p.updated_at, p.submitted_at,
                   ARRAY(SELECT item_key FROM plan_lines WHERE plan_id = p.id ORDER BY item_key),
                   ARRAY(SELECT amount_cents FROM plan_lines WHERE plan_id = p.id ORDER BY item_key),
                   ARRAY(SELECT coalesce(justification, '') FROM plan_lines WHERE plan_id = p.id ORDER BY item_key),
                   ARRAY(SELECT coalesce(justification_status, '') FROM plan_lines WHERE plan_id = p.id ORDER BY item_key)
            FROM plans p
            WHERE p.planner_id = \(planner) AND p.account_id = \(account)
            """)
        var found: [PlanStatus: StoredPlan] = [:]
        for row in rows {
            let (id, status, channel, balance, updated, submitted, items, amounts, texts, statuses) = try row.decode(
                (Plan.ID, String, String, Int64, Date, Date?, [String], [Int64], [String], [String]).self)
            let plan = StoredPlan(
                id: id, status: try PlanStatus(stored: status), channel: try PlanChannel(stored: channel), balanceCents: balance,
                lines: try lines(items: items, amounts: amounts, texts: texts, statuses: statuses, plan: id), updatedAt: updated,
                submittedAt: submitted)
            found[plan.status] = plan
        }
        return found
    }

    /// A plan's lines from the parallel arrays a read returns ('' standing for "none").
    static func lines(items: [String], amounts: [Int64], texts: [String], statuses: [String], plan: Plan.ID) throws -> [StoredPlanLine] {
        guard items.count == amounts.count, items.count == texts.count, items.count == statuses.count else {
            throw ServiceError.unexpected("the stored lines of plan \(plan.uuidString) do not line up")
        }
        return items.indices.map { i in
            StoredPlanLine(
                item: items[i], amountCents: amounts[i], justification: texts[i].isEmpty ? nil : texts[i],
                justificationStatus: statuses[i].isEmpty ? nil : statuses[i])
        }
    }

    /// Deletes the participant's draft and submitted plan; returns how many there were.
    public static func delete(planner: Planner.ID, account: Account.ID, on db: some SQLExecutor) async throws -> Int {
        try await db.query("DELETE FROM plans WHERE planner_id = \(planner) AND account_id = \(account) RETURNING 1").count
    }

    /// Every submitted plan as changes per item in the planner's order, in id order so the
    /// clustering sees the same sequence every time. A plan's vector is the one `save_plan`
    /// stored with it (Schema 0026); a plan written without one, or changed since by other
    /// code (its `updated_at` moved on), is read from its lines.
    public static func submittedVectors(of planner: PlannerRecord, on db: some SQLExecutor) async throws -> [PlanVector] {
        let items = planner.definition.items
        let column = Dictionary(uniqueKeysWithValues: items.enumerated().map { ($1.key, $0) })
        let baselines = items.map(\.baselineCents)
        let rows = try await db.query(
            """
            SELECT p.balance_cents, p.district, v.changes,
                   CASE WHEN v.changes IS NULL THEN ARRAY(SELECT item_key FROM plan_lines WHERE plan_id = p.id) END,
                   CASE WHEN v.changes IS NULL THEN ARRAY(SELECT amount_cents FROM plan_lines WHERE plan_id = p.id) END
            FROM plans p
            CROSS JOIN LATERAL (
                SELECT CASE WHEN p.changes_at = p.updated_at AND cardinality(p.changes) = \(items.count) THEN p.changes END AS changes
            ) v
            WHERE p.planner_id = \(planner.id) AND p.status = 'submitted'
            ORDER BY p.id
            """)
        var vectors: [PlanVector] = []
        vectors.reserveCapacity(rows.count)
        for row in rows {
            let (balance, district, stored, keys, amounts) = try row.decode((Int64, String?, ByteBuffer?, [String]?, [Int64]?).self)
            var changes = try stored.map { try Self.bigints(binaryArray: $0, count: items.count) } ?? [Int64](repeating: 0, count: items.count)
            if stored == nil {
                for (key, amount) in zip(keys ?? [], amounts ?? []) {
                    guard let index = column[key] else { continue }
                    changes[index] = amount - baselines[index]
                }
            }
            vectors.append(PlanVector(changes: changes, balanceCents: balance, district: district))
        }
        return vectors
    }

    /// A `bigint[]` of `count` elements, none NULL, read from PostgreSQL's binary array format
    /// (dimensions, flags, element type, then each element's length and value). The driver's
    /// generic array decoding cost more than the rest of reading 100,000 plans together;
    /// text (`array_to_string`) cost PostgreSQL 0.16 s to write.
    static func bigints(binaryArray buffer: ByteBuffer, count: Int) throws -> [Int64] {
        var buffer = buffer
        let malformed = ServiceError.unexpected("a stored plan vector is not a one-dimensional bigint array of \(count) values")
        guard let dimensions = buffer.readInteger(as: Int32.self), dimensions == 1,
            buffer.readInteger(as: Int32.self) != nil,  // flags (NULLs present), checked per element below
            buffer.readInteger(as: UInt32.self) == 20,  // the element type: int8
            let length = buffer.readInteger(as: Int32.self), length == count,
            buffer.readInteger(as: Int32.self) != nil  // lower bound
        else { throw malformed }
        var values: [Int64] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            guard buffer.readInteger(as: Int32.self) == 8, let value = buffer.readInteger(as: Int64.self) else { throw malformed }
            values.append(value)
        }
        return values
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
