/// The official responses: how many by status, then each response with its text.
enum ReportResponsesSection {
    static func html(_ report: CampaignReport, _ t: ReportText) -> String {
        var html = ReportRenderer.table(
            [t.status, t.count], report.responsesByStatus.map { [t.responseName($0.status), t.n($0.count)] }, empty: t.none, numeric: [1])
        let answered = report.ranking.filter { $0.responseText?.isEmpty == false }
        for entry in answered {
            html += "<h3>\(ReportRenderer.escape(entry.title))</h3>"
            html += "<p>\(t.status): \(entry.responseStatus.map(t.responseName) ?? "–")</p>"
            html += "<blockquote>\(ReportRenderer.escape(entry.responseText ?? ""))</blockquote>"
        }
        return ReportRenderer.section(t.responses, html)
    }
}
