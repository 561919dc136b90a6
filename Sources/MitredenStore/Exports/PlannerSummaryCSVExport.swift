import Foundation
import MitredenDomain

/// `planner-summary.csv`: one row per planner item with what the submitted plans did to
/// it — raised, lowered, kept, nearest-rank quartiles and median, mean change (cents,
/// rounded half away from zero) — computed in the export's snapshot.
public enum PlannerSummaryCSVExport {
    public static let header = [
        "item", "name", "area", "side", "baseline_cents", "min_cents", "max_cents", "plans", "raised", "lowered", "kept",
        "lower_quartile_change_cents", "median_change_cents", "upper_quartile_change_cents", "mean_change_cents",
    ]
    public static let germanHeader = [
        "Posten", "Name", "Bereich", "Seite", "Ansatz (Cent)", "Minimum (Cent)", "Maximum (Cent)", "Pläne", "erhöht", "gesenkt",
        "beibehalten", "Unteres Quartil der Änderung (Cent)", "Median der Änderung (Cent)", "Oberes Quartil der Änderung (Cent)",
        "Mittlere Änderung (Cent)",
    ]

    public static func header(in language: Language) -> [String] { language == .de ? germanHeader : header }

    public static func write(
        planner: PlannerRecord, summary: PlannerSummary, options: CSVWriter.Options, language: Language, to file: ExportFileWriter
    ) async throws {
        let csv = CSVWriter(options: options)
        try await file.write(csv.preamble + csv.row(header(in: language)))
        let areas = Dictionary(uniqueKeysWithValues: planner.definition.areas.map { ($0.key, $0.name) })
        for (item, figures) in zip(planner.definition.items, summary.items) {
            let side = language == .de ? (item.side == .revenue ? "Einnahme" : "Ausgabe") : item.side.rawValue
            let cells: [CSVCell] = [
                .text(item.key), .text(item.name), .text(areas[item.areaKey] ?? item.areaKey), .text(side), .int(item.baselineCents),
                .int(item.minCents), .int(item.maxCents), .int(summary.plans), .int(figures.raised), .int(figures.lowered),
                .int(figures.kept), .int(figures.lowerQuartileCents), .int(figures.medianCents), .int(figures.upperQuartileCents),
                .int(figures.meanCents),
            ]
            try await file.write(csv.row(cells))
            file.countRow()
        }
    }
}
