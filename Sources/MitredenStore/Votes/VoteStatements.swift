import Foundation
import MitredenDomain
import PostgresNIO

/// Supports and ratings as single prepared statements: on a vote night they are the
/// hottest writes, so each is one round trip that PostgreSQL parses and plans once per
/// connection. One statement reads the proposal, its campaign's phases and settings,
/// counts the attempt against the write limits, writes the vote (the counters follow by
/// trigger, Schema 0008) and returns what the service needs to decide. The decision itself
/// (phase, settings, limits) stays in Swift with ``PhaseRules``: the service runs the
/// statement inside a transaction and rolls it back when the answer is a refusal, so a
/// support is BEGIN, this statement and COMMIT, after the one session lookup.
enum VoteStatements {
    /// What every vote statement returns about its target, decoded by column name.
    struct Context {
        var found: Bool
        var published: Bool
        var withdrawn: Bool
        var phase: PhaseContext?
        var attempts: [(span: Int, start: Date, count: Int)]

        init(_ column: NamedColumns) throws {
            found = try column("found")
            published = try column("published")
            withdrawn = try column("withdrawn")
            if found {
                let settings = try JSONDecoder().decode(CampaignSettings.self, from: Data(try column("settings", as: String.self).utf8))
                let (kinds, starts, ends) = (
                    try column("phase_kinds", as: [String].self), try column("phase_starts", as: [Date].self),
                    try column("phase_ends", as: [Date].self)
                )
                let windows = try kinds.indices.map { PhaseWindow(kind: try PhaseKind(stored: kinds[$0]), startsAt: starts[$0], endsAt: ends[$0]) }
                phase = PhaseContext(status: try column.stored("status"), schedule: PhaseSchedule(stored: windows), settings: settings)
            }
            let (spans, windowStarts, counts) = (
                try column("limit_spans", as: [Int].self), try column("limit_starts", as: [Date].self), try column("limit_counts", as: [Int].self)
            )
            attempts = spans.indices.map { (spans[$0], windowStarts[$0], counts[$0]) }
        }
    }

    /// The proposal with its campaign's status, settings and phases (`target`), and the
    /// attempt counted against the vote limits (`attempts`). Parameters: $1 proposal,
    /// $2 account, $3 now, $4 the limits' window lengths.
    static let prelude = """
        WITH target AS (
            SELECT p.id, p.campaign_id, p.moderation_status = 'published' AS published, p.withdrawn_at IS NOT NULL AS withdrawn,
                   c.status, c.settings::text AS settings, ph.kinds, ph.starts, ph.ends
            FROM proposals p JOIN campaigns c ON c.id = p.campaign_id
            CROSS JOIN LATERAL (
                SELECT coalesce(array_agg(kind ORDER BY starts_at), '{}') AS kinds,
                       coalesce(array_agg(starts_at ORDER BY starts_at), '{}') AS starts,
                       coalesce(array_agg(ends_at ORDER BY starts_at), '{}') AS ends
                FROM phases WHERE campaign_id = c.id) ph
            WHERE p.id = $1
        ), attempts AS (
            \(WriteLimits.countingSQL(account: "$2", action: "'\(WriteAction.vote.rawValue)'", now: "$3", spans: "$4"))
        )
        """

    /// The columns ``Context`` reads; `t` is the target, `k` its counters.
    static let contextColumns = """
        t.id IS NOT NULL AS found, coalesce(t.published, false) AS published, coalesce(t.withdrawn, false) AS withdrawn,
        t.status, t.settings, t.kinds AS phase_kinds, t.starts AS phase_starts, t.ends AS phase_ends,
        ARRAY(SELECT span_seconds::bigint FROM attempts ORDER BY span_seconds) AS limit_spans,
        ARRAY(SELECT window_start FROM attempts ORDER BY span_seconds) AS limit_starts,
        ARRAY(SELECT count::bigint FROM attempts ORDER BY span_seconds) AS limit_counts
        """

    static let from = "FROM (SELECT 1) AS one LEFT JOIN target t ON true LEFT JOIN proposal_counters k ON k.proposal_id = t.id"

    /// Adds a support. The participant's tally row is locked and read (`held`, what the
    /// participant held before) in the same statement: see Schema 0013 for why that keeps
    /// "at most n supports" exact under concurrency.
    enum AddSupport: StatementText {
        static let name = "mitreden_add_support"
        static let sql = """
            \(prelude), held AS (
                INSERT INTO participant_tallies AS pt (campaign_id, account_id, supports)
                SELECT campaign_id, $2, 0 FROM target WHERE published AND NOT withdrawn
                ON CONFLICT (campaign_id, account_id) DO UPDATE SET supports = pt.supports
                RETURNING supports
            ), added AS (
                INSERT INTO supports (proposal_id, account_id, campaign_id, created_at)
                SELECT id, $2, campaign_id, $3 FROM target WHERE published AND NOT withdrawn
                ON CONFLICT DO NOTHING RETURNING 1
            )
            SELECT \(contextColumns), (SELECT count(*) FROM added) AS added, (SELECT supports::bigint FROM held) AS held,
                   coalesce(k.supports, 0)::bigint AS supports, coalesce(k.pro, 0)::bigint AS pro, coalesce(k.contra, 0)::bigint AS contra,
                   (SELECT value::bigint FROM ratings WHERE proposal_id = $1 AND account_id = $2) AS rating
            \(from)
            """
    }

    /// Withdraws a support of an open proposal.
    enum RemoveSupport: StatementText {
        static let name = "mitreden_remove_support"
        static let sql = removal(from: "supports")
    }

    /// Sets a rating ($5: 1 or −1); a rating that already has the value is not rewritten,
    /// so its trigger moves no counter.
    enum Rate: StatementText {
        static let name = "mitreden_rate"
        static let sql = """
            \(prelude), previous AS (
                SELECT value::bigint AS value FROM ratings WHERE proposal_id = $1 AND account_id = $2
            ), rated AS (
                INSERT INTO ratings (proposal_id, account_id, campaign_id, value, created_at, updated_at)
                SELECT id, $2, campaign_id, $5::smallint, $3, $3 FROM target WHERE published AND NOT withdrawn
                ON CONFLICT (proposal_id, account_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                WHERE ratings.value <> excluded.value
                RETURNING 1
            )
            SELECT \(contextColumns), (SELECT value FROM previous) AS previous,
                   EXISTS (SELECT 1 FROM supports WHERE proposal_id = $1 AND account_id = $2) AS supported,
                   coalesce(k.supports, 0)::bigint AS supports, coalesce(k.pro, 0)::bigint AS pro, coalesce(k.contra, 0)::bigint AS contra
            \(from)
            """
    }

    /// Removes a rating of an open proposal.
    enum Unrate: StatementText {
        static let name = "mitreden_unrate"
        static let sql = removal(from: "ratings")
    }

    /// Takes the participant's vote in `table` (supports or ratings) off an open proposal.
    static func removal(from table: String) -> String {
        """
        \(prelude), removed AS (
            DELETE FROM \(table) WHERE proposal_id = $1 AND account_id = $2
              AND EXISTS (SELECT 1 FROM target WHERE published AND NOT withdrawn)
            RETURNING 1
        )
        SELECT \(contextColumns), (SELECT count(*) FROM removed) AS removed
        \(from)
        """
    }

    /// The values every vote statement takes, `$1`…`$4`.
    static func bindings(_ proposal: Proposal.ID, _ account: Account.ID, _ now: Date, _ spans: [Int]) -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(proposal)
        bindings.append(account)
        bindings.append(now)
        bindings.append(spans)
        return bindings
    }
}
