import Foundation
import MitredenDomain
import PostgresNIO

/// A justification waiting for a moderator: which plan and item it belongs to, what it says.
public struct PendingJustification: Sendable, Equatable {
    public var plan: Plan.ID
    public var item: String
    public var amountCents: Int64
    public var text: String
    public var submittedAt: Date
}

/// Where a page of pending justifications ended: the plan's submission time in whole
/// microseconds, the plan's id and the item's key. The queue is oldest first, like the
/// comments' moderation queue. Opaque to clients (base64 of `justifications|µs|id|item`)
/// and checked on the way in, so a forged cursor is refused before any SQL runs.
public struct JustificationCursor: Sendable, Equatable {
    public var micros: Int64
    public var plan: Plan.ID
    public var item: String

    public init(micros: Int64, plan: Plan.ID, item: String) {
        self.micros = micros
        self.plan = plan
        self.item = item
    }

    public var encoded: String { Data("justifications|\(micros)|\(plan.uuidString.lowercased())|\(item)".utf8).base64EncodedString() }

    public init?(encoded text: String) {
        guard let data = Data(base64Encoded: text), let plain = String(data: data, encoding: .utf8) else { return nil }
        let parts = plain.split(separator: "|", omittingEmptySubsequences: false)
        // The same bounds as a stored row: a time between 1970 and 9999, an item key of the planner's form.
        guard parts.count == 4, parts[0] == "justifications", let micros = Int64(parts[1]), (0...253_402_300_799_999_999).contains(micros),
            let plan = Plan.ID(String(parts[2])), PlannerSpec.isKey(String(parts[3]))
        else { return nil }
        self.init(micros: micros, plan: plan, item: String(parts[3]))
    }
}

/// The moderation queue of a planner's justifications.
enum PendingJustifications {
    /// One page of the pending justifications of submitted plans, oldest first, and the
    /// cursor after it when there is more. Drafts are never shown, so theirs wait unseen.
    static func page(
        planner: Planner.ID, after: JustificationCursor?, limit: Int, on db: some SQLExecutor
    ) async throws -> (items: [PendingJustification], next: JustificationCursor?) {
        let micros = after?.micros ?? -1
        let plan = after?.plan ?? Plan.ID(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        let item = after?.item ?? ""
        let rows = try await db.query(
            """
            SELECT p.id, l.item_key, l.amount_cents, l.justification, p.submitted_at,
                   (extract(epoch FROM p.submitted_at) * 1000000)::bigint
            FROM plan_lines l JOIN plans p ON p.id = l.plan_id
            WHERE p.planner_id = \(planner) AND p.status = 'submitted' AND l.justification_status = 'pending'
              AND ((extract(epoch FROM p.submitted_at) * 1000000)::bigint, p.id, l.item_key) > (\(micros), \(plan), \(item))
            ORDER BY 6, p.id, l.item_key
            LIMIT \(limit + 1)
            """)
        var items: [PendingJustification] = []
        var next: JustificationCursor?
        var sortKeyOfLast: Int64 = 0
        for row in rows {
            let (id, key, amount, text, submitted, sortKey) = try row.decode((Plan.ID, String, Int64, String, Date, Int64).self)
            if items.count == limit {
                let last = items[limit - 1]
                next = JustificationCursor(micros: sortKeyOfLast, plan: last.plan, item: last.item)
                break
            }
            items.append(PendingJustification(plan: id, item: key, amountCents: amount, text: text, submittedAt: submitted))
            sortKeyOfLast = sortKey
        }
        return (items, next)
    }
}
