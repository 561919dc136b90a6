import Foundation
import MitredenDomain
import PostgresNIO

/// The figures an operator watches on a vote night, read from the database so that they
/// are the same whichever instance is scraped: mail waiting and failing, the moderation
/// backlog per unit, ballots cast in the last minute. `/metrics` reads them per scrape.
public struct OperationalSnapshot: Sendable, Equatable {
    /// Mail not yet sent, due or waiting for a retry.
    public var mailQueued: Int
    /// Seconds since the oldest unsent mail was written; 0 when none waits.
    public var oldestMailAgeSeconds: Double
    /// Unsent mail whose last attempt failed (it is retried with backoff).
    public var mailFailing: Int
    /// Unsent mail that failed at least ``MailAlarm/failingAttempts`` times: a delivery
    /// that keeps failing, which needs someone to look at the mail command or relay.
    public var mailStuck: Int
    /// Open moderation items and the age of the oldest, per unit (slug).
    public var moderation: [UnitBacklog]
    /// Ballots submitted or replaced in the minute before `now`.
    public var ballotsLastMinute: Int

    public struct UnitBacklog: Sendable, Equatable {
        public var unit: String
        public var open: Int
        public var oldestAgeSeconds: Double
    }

    /// One statement, each part over an index (`outbox_pending`, `moderation_items_queue`,
    /// `ballots_submitted`): a scrape every few seconds costs a few index reads.
    public static func read(now: Date, on db: some SQLExecutor) async throws -> OperationalSnapshot {
        let mail = try await db.query(
            """
            SELECT count(*)::int, coalesce(extract(epoch FROM \(now) - min(created_at)), 0)::float8,
                   count(*) FILTER (WHERE attempts > 0)::int,
                   count(*) FILTER (WHERE attempts >= \(MailAlarm.failingAttempts))::int,
                   (SELECT count(*) FROM ballots WHERE submitted_at > \(now) - interval '1 minute')::int
            FROM outbox WHERE sent_at IS NULL
            """)[0]
        let (queued, oldest, failing, stuck, ballots) = try mail.decode((Int, Double, Int, Int, Int).self)
        // Every unit appears, with 0 when its queue is empty: an alert on "backlog over the
        // promise" must see the series fall back, not vanish.
        let units = try await db.query(
            """
            SELECT u.slug, count(m.id)::int, coalesce(extract(epoch FROM \(now) - min(m.enqueued_at)), 0)::float8
            FROM organization_units u
            LEFT JOIN campaigns c ON c.unit_id = u.id
            LEFT JOIN moderation_items m ON m.campaign_id = c.id AND m.decided_at IS NULL
            GROUP BY u.slug ORDER BY u.slug
            """)
        let backlog = try units.map { row in
            let (unit, open, age) = try row.decode((String, Int, Double).self)
            return UnitBacklog(unit: unit, open: open, oldestAgeSeconds: max(0, age))
        }
        return OperationalSnapshot(
            mailQueued: queued, oldestMailAgeSeconds: max(0, oldest), mailFailing: failing, mailStuck: stuck,
            moderation: backlog, ballotsLastMinute: ballots)
    }
}

/// When a failing mail becomes an alarm rather than a retry.
public enum MailAlarm {
    /// After this many failed attempts (the backoff has then waited about a quarter of an hour
    /// in all) a mail counts as stuck:
    /// `mitreden_mail_stuck` on `/metrics`, and each further failure logs at `error`.
    public static let failingAttempts = 5
}
