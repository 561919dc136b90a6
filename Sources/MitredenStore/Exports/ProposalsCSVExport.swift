import Foundation
import MitredenDomain
import PostgresNIO

/// `proposals.csv`: every published proposal with its votes, rank and official answer; in a
/// budget campaign also its votes in the shown result run of its area (approvals, points),
/// whether that run funded it and, if not, the money it lacked (``ProjectVotes``).
/// Pending, hidden and rejected proposals are not part of it; authors are not named.
public enum ProposalsCSVExport {
    public static let header = [
        "id", "title", "category", "area", "cost", "status", "supports", "pro", "contra", "score", "rank", "comments",
        "response_status", "response_text", "channel", "created", "approvals", "points", "funded", "shortfall",
    ]
    /// The same columns for German readers (the default); the English names are the stable
    /// machine names, asked for with `lang=en` or `Accept-Language: en`.
    public static let germanHeader = [
        "ID", "Titel", "Kategorie", "Bereich", "Kosten (EUR)", "Status", "Unterstützungen", "Pro", "Contra", "Saldo", "Rang",
        "Kommentare", "Antwortstatus", "Antworttext", "Eingangsweg", "Eingereicht", "Stimmen (Abstimmung)", "Punkte", "Gefördert",
        "Fehlbetrag (EUR)",
    ]

    public static func header(in language: Language) -> [String] { language == .de ? germanHeader : header }

    /// The ranking rule of the campaign decides the score (pro − contra, or pro only; the
    /// number of supports when ratings are off); ties share a rank and are broken by more
    /// pro, then by age, for a stable order.
    static let query = """
        WITH ranked AS (
          SELECT p.id, p.title, coalesce(cat.name, '') AS category, coalesce(area.name, '') AS area, p.cost_cents,
                 CASE WHEN p.withdrawn_at IS NOT NULL THEN 'withdrawn' WHEN p.merged_into IS NOT NULL THEN 'merged'
                      ELSE p.lifecycle_status END AS status,
                 pc.supports, pc.pro, pc.contra, pc.comments, p.channel, p.created_at,
                 CASE WHEN coalesce((c.settings->>'ratingsEnabled')::boolean, false) IS NOT TRUE THEN pc.supports
                      WHEN c.settings->>'rankingRule' IN ('positive_only', 'positive-only') THEN pc.pro
                      ELSE pc.pro - pc.contra END AS score
          FROM proposals p
          JOIN campaigns c ON c.id = p.campaign_id
          JOIN proposal_counters pc ON pc.proposal_id = p.id
          LEFT JOIN categories cat ON cat.id = p.category_id
          LEFT JOIN budget_areas area ON area.id = p.area_id
          WHERE p.campaign_id = $1 AND p.moderation_status = 'published'
        )
        SELECT r.id, r.title, r.category, r.area, r.cost_cents, r.status, r.supports, r.pro, r.contra, r.score,
               rank() OVER (ORDER BY r.score DESC, r.pro DESC)::int, r.comments,
               resp.status, resp.body, r.channel, r.created_at
        FROM ranked r
        LEFT JOIN LATERAL (
          SELECT o.status, o.body FROM official_responses o WHERE o.proposal_id = r.id ORDER BY o.id DESC LIMIT 1
        ) resp ON true
        ORDER BY r.score DESC, r.pro DESC, r.created_at, r.id
        """

    /// One row of ``query``; results.json and the report read the same ranking.
    struct Row {
        var id: UUID, title: String, category: String, area: String, costCents: Int64?, status: String
        var supports: Int, pro: Int, contra: Int, score: Int, rank: Int, comments: Int
        var responseStatus: String?, responseText: String?, channel: String, created: Date

        init(_ row: PostgresRow) throws {
            (
                id, title, category, area, costCents, status, supports, pro, contra, score, rank, comments, responseStatus, responseText, channel,
                created
            ) =
                try row.decode((UUID, String, String, String, Int64?, String, Int, Int, Int, Int, Int, Int, String?, String?, String, Date).self)
        }
    }

    /// The ranking of `campaign` as ``query`` orders it, optionally only its top `limit`.
    static func ranking(campaign: Campaign.ID, limit: Int? = nil, in snapshot: ExportSnapshot) async throws -> CursorRows {
        var bindings = PostgresBindings()
        bindings.append(campaign)
        let sql = query + (limit.map { " LIMIT \($0)" } ?? "")
        return try await snapshot.tx.stream(PostgresQuery(unsafeSQL: sql, binds: bindings))
    }

    public static func write(
        campaign: Campaign.ID, in snapshot: ExportSnapshot, options: CSVWriter.Options, language: Language, to file: ExportFileWriter
    ) async throws {
        let csv = CSVWriter(options: options)
        try await file.write(csv.preamble + csv.row(header(in: language)))
        let decimalComma = options.delimiter == ";"
        var votes: [String: ProjectVotes] = [:]
        for shown in try await AreaRunsShown.read(campaign: campaign, on: snapshot.tx) {
            for project in shown.table { votes[project.proposalId] = project }
        }
        for try await row in try await ranking(campaign: campaign, in: snapshot) {
            let p = try Row(row)
            let result = votes[p.id.uuidString.lowercased()]
            let funded = result.map { $0.funded ? (language == .de ? "ja" : "yes") : (language == .de ? "nein" : "no") } ?? ""
            let points = result.map { decimalComma ? $0.points.replacingOccurrences(of: ".", with: ",") : $0.points } ?? ""
            try await file.write(
                csv.row([
                    .text(p.id.uuidString.lowercased()), .text(p.title), .text(p.category), .text(p.area),
                    .number(CSVNumber(euros: p.costCents, decimalComma: options.delimiter == ";")), .text(p.status),
                    .int(p.supports), .int(p.pro), .int(p.contra), .int(p.score), .int(p.rank), .int(p.comments),
                    .optional(p.responseStatus), .optional(p.responseText), .text(p.channel), .text(ExportFormat.timestamp(p.created)),
                    result.map { .int($0.approvals) } ?? .text(""), .number(CSVWriter.text(points)), .text(funded),
                    .number(CSVNumber(euros: result?.shortfall?.cents, decimalComma: decimalComma)),
                ]))
            file.countRow()
        }
    }
}

/// Shared formatting of exported values.
public enum ExportFormat {
    /// RFC 3339 in UTC with seconds, the same in every file.
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}

extension CSVNumber {
    /// Euros with two decimals from exact cents, or empty; `1250,50` for German spreadsheets.
    init(euros cents: Int64?, decimalComma: Bool) {
        guard let cents else { self = CSVWriter.text(""); return }
        let sign = cents < 0 ? "-" : ""
        let whole = abs(cents) / 100, rest = abs(cents) % 100
        self = CSVWriter.text("\(sign)\(whole)\(decimalComma ? "," : ".")\(rest < 10 ? "0" : "")\(rest)")
    }
}
