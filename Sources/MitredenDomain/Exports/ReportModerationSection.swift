/// How moderation went: time to decision and the decisions by reason (in words, from the
/// project's shared reason texts).
enum ReportModerationSection {
    static func html(_ report: CampaignReport, _ t: ReportText) -> String {
        var html =
            "<p>\(t.medianDecision): \(t.duration(report.medianDecisionSeconds)) · \(t.p90Decision): \(t.duration(report.p90DecisionSeconds))</p>"
        html += ReportRenderer.table(
            [t.decision, t.count], report.decisionsByReason.map { [t.reasonName($0.reason), t.n($0.count)] }, empty: t.none, numeric: [1])
        return ReportRenderer.section(t.moderation, html)
    }
}
