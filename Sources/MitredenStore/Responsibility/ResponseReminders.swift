import Foundation
import MitredenDomain
import PostgresNIO

/// What one round of ``ResponseReminders/run(now:digestHour:on:)`` sent.
public struct ReminderRound: Sendable, Equatable {
    public var reminders = 0
    public var digests = 0
    public var escalations = 0
    public init() {}
}

/// Reminders before the due day, a daily digest for officials and the managers' warning
/// when a proposal is overdue, written to the outbox.
///
/// Each mail is sent exactly once however many instances run this: a reminder and an
/// escalation are claimed by setting their column on `response_duties` (a second worker's
/// UPDATE waits for the first's row lock, then finds the column set and skips the row), a
/// digest by the key of `response_digests`; the mails are queued in the same transaction
/// as the claim, so a claim never outlives a failed round.
public enum ResponseReminders {
    public static func run(now: Date, digestHour: Int, on database: Database) async throws -> ReminderRound {
        let calendar = try await Holidays.calendar(on: database)
        let today = calendar.day(of: now)
        var round = ReminderRound()
        round.reminders = try await database.withTransaction { tx in
            try await notify(
                .reminder, role: .official, claim: "reminder_sent_at", when: "d.remind_on <= $today AND d.due_on >= $today",
                today: today, now: now, on: tx)
        }
        round.escalations = try await database.withTransaction { tx in
            try await notify(.escalation, role: .manager, claim: "escalated_at", when: "d.due_on < $today", today: today, now: now, on: tx)
        }
        var hour = Calendar(identifier: .gregorian)
        hour.timeZone = calendar.timeZone
        if calendar.isWorkingDay(today), hour.component(.hour, from: now) >= digestHour {
            round.digests = try await database.withTransaction { tx in try await digests(today: today, now: now, on: tx) }
        }
        return round
    }

    /// Open duties of published proposals, as SQL conditions on `d` and `p`.
    static let stillOpen = "d.first_response_at IS NULL AND p.moderation_status = 'published' AND p.withdrawn_at IS NULL AND p.merged_into IS NULL"

    /// Claims the duties matching `when` whose `claim` column is unset and mails the
    /// holders of `role` in each one's unit.
    private static func notify(
        _ key: ResponseMailTexts.Key, role: UnitRole, claim: String, when condition: String, today: CalendarDay, now: Date, on tx: Transaction
    ) async throws -> Int {
        // The column and condition are this file's own text; the values are bound.
        let sql = """
            UPDATE response_duties d SET \(claim) = $1
            FROM proposals p, campaigns c, organization_units u
            WHERE p.id = d.proposal_id AND c.id = p.campaign_id AND u.id = coalesce(p.responsible_unit_id, c.unit_id)
              AND d.\(claim) IS NULL AND \(stillOpen) AND \(condition.replacingOccurrences(of: "$today", with: "$2::date"))
            RETURNING d.proposal_id, p.title, c.title AS campaign, u.id AS unit_id, u.name AS unit, d.due_on::text AS due_on
            """
        var bindings = PostgresBindings()
        bindings.append(now)
        bindings.append(today.description)
        let claimed = try await tx.query(PostgresQuery(unsafeSQL: sql, binds: bindings))
        for row in claimed {
            let column = NamedColumns(row)
            let due = try CalendarDay(stored: column("due_on"))
            let proposal: Proposal.ID = try column("proposal_id")
            for recipient in try await recipients(unit: try column("unit_id"), role: role, on: tx) {
                let language = recipient.language
                let mail = ResponseMailTexts.render(
                    key, in: language,
                    [
                        "displayName": recipient.displayName, "title": try column("title", as: String.self),
                        "campaign": try column("campaign", as: String.self), "unit": try column("unit", as: String.self),
                        "due": ResponseMailTexts.day(due, in: language), "proposal": proposal.uuidString.lowercased(),
                    ])
                try await Outbox.enqueue(mail, to: recipient.email, account: recipient.account, now: now, on: tx)
            }
        }
        return claimed.count
    }

    /// One digest per official with open proposals in any of their units, once a day.
    private static func digests(today: CalendarDay, now: Date, on tx: Transaction) async throws -> Int {
        let claimed = try await tx.query(
            """
            INSERT INTO response_digests (account_id, day, sent_at)
            SELECT DISTINCT au.account_id, \(today.description)::date, \(now)
            FROM account_units au JOIN accounts a ON a.id = au.account_id
            JOIN proposals p ON p.responsible_unit_id = au.unit_id JOIN response_duties d ON d.proposal_id = p.id
            WHERE au.role = 'official' AND a.status = 'active' AND a.email IS NOT NULL AND \(unescaped: stillOpen)
            ON CONFLICT DO NOTHING
            RETURNING account_id
            """
        ).map { try $0.decode(Account.ID.self) }
        guard !claimed.isEmpty else { return 0 }
        let rows = try await tx.query(
            """
            SELECT au.account_id, a.email, a.display_name, a.language, p.title, d.due_on::text AS due_on
            FROM account_units au JOIN accounts a ON a.id = au.account_id
            JOIN proposals p ON p.responsible_unit_id = au.unit_id JOIN response_duties d ON d.proposal_id = p.id
            WHERE au.role = 'official' AND au.account_id = ANY(\(claimed)) AND \(unescaped: stillOpen)
            ORDER BY au.account_id, d.due_on, p.title, p.id
            """)
        var lines: [Account.ID: (recipient: StaffRecipient, items: [(String, CalendarDay)])] = [:]
        for row in rows {
            let column = NamedColumns(row)
            let account: Account.ID = try column("account_id")
            let recipient = StaffRecipient(
                account: account, email: try column("email"), displayName: try column("display_name"), language: try column.stored("language"))
            lines[account, default: (recipient, [])].items.append((try column("title"), try CalendarDay(stored: column("due_on"))))
        }
        for (_, entry) in lines.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            let language = entry.recipient.language
            let items = entry.items.map { ResponseMailTexts.digestLine(title: $0.0, due: $0.1, overdue: today > $0.1, in: language) }
            let mail = ResponseMailTexts.render(
                .digest, in: language,
                ["displayName": entry.recipient.displayName, "count": String(items.count), "items": items.joined(separator: "\n")])
            try await Outbox.enqueue(mail, to: entry.recipient.email, account: entry.recipient.account, now: now, on: tx)
        }
        return claimed.count
    }

    /// Active members holding `role` in the unit, with an address.
    private static func recipients(unit: OrganizationUnit.ID, role: UnitRole, on tx: Transaction) async throws -> [StaffRecipient] {
        try await tx.query(
            """
            SELECT a.id, a.email, a.display_name, a.language FROM account_units au JOIN accounts a ON a.id = au.account_id
            WHERE au.unit_id = \(unit) AND au.role = \(role.rawValue) AND a.status = 'active' AND a.email IS NOT NULL
            ORDER BY a.id
            """
        ).map { row in
            let (id, email, name, language) = try row.decode((Account.ID, String, String, String).self)
            return StaffRecipient(account: id, email: email, displayName: name, language: Language(rawValue: language) ?? .de)
        }
    }
}
