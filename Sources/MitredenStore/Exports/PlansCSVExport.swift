import Foundation
import MitredenDomain
import PostgresNIO

/// `plans.csv`: one anonymous row per submitted plan (online and paper), a column per
/// planner item with the plan's amount in cents. No account, no id, no justification (free
/// text stays moderated in the summary); the district only where the summary names it (at
/// least five plans, and the blank rows never a group under five: the rule of
/// ``PlanStatistics/districtCounts(counting:)``). Streamed from a cursor, so memory stays
/// flat however many plans there are.
public enum PlansCSVExport {
    public static let header = ["number", "channel", "district", "balance_cents"]
    /// German column names (the default); item columns are the items' keys in both.
    public static let germanHeader = ["Nr.", "Kanal", "Bezirk", "Saldo (Cent)"]

    public static func header(in language: Language, planner: PlannerDefinition) -> [String] {
        (language == .de ? germanHeader : header) + planner.items.map(\.key)
    }

    public static func write(
        planner: PlannerRecord, in snapshot: ExportSnapshot, options: CSVWriter.Options, language: Language, to file: ExportFileWriter
    ) async throws {
        let csv = CSVWriter(options: options)
        let items = planner.definition.items
        let column = Dictionary(uniqueKeysWithValues: items.enumerated().map { ($1.key, $0) })
        try await file.write(csv.preamble + csv.row(header(in: language, planner: planner.definition)))
        let counts = try await snapshot.tx.query(
            """
            SELECT coalesce(district, ''), count(*)::int FROM plans
            WHERE planner_id = \(planner.id) AND status = 'submitted' GROUP BY 1
            """
        ).map { try $0.decode((String, Int).self) }
        let named = Set(PlanStatistics.districtCounts(counting: Dictionary(counts, uniquingKeysWith: +)).map(\.district).filter { !$0.isEmpty })
        let rows = try await snapshot.tx.stream(
            """
            SELECT p.channel, p.district, p.balance_cents,
                   coalesce((SELECT array_agg(l.item_key ORDER BY l.item_key) FROM plan_lines l WHERE l.plan_id = p.id), '{}'),
                   coalesce((SELECT array_agg(l.amount_cents ORDER BY l.item_key) FROM plan_lines l WHERE l.plan_id = p.id), '{}')
            FROM plans p
            WHERE p.planner_id = \(planner.id) AND p.status = 'submitted'
            ORDER BY p.id
            """)
        var number = 0
        for try await row in rows {
            let (channel, district, balance, keys, amounts) = try row.decode((String, String?, Int64, [String], [Int64]).self)
            var values = items.map(\.baselineCents)
            for (key, amount) in zip(keys, amounts) {
                if let index = column[key] { values[index] = amount }
            }
            number += 1
            let shown = district.flatMap { named.contains($0) ? $0 : nil }
            let cells: [CSVCell] = [.int(number), .text(channel), .optional(shown), .int(balance)] + values.map { .int($0) }
            try await file.write(csv.row(cells))
            file.countRow()
        }
    }
}
