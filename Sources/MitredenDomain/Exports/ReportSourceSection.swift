/// Where the data came from, when an import left a note (in the campaign's language).
enum ReportSourceSection {
    static func html(_ report: CampaignReport, _ t: ReportText) -> String {
        guard let note = report.importNote, !note.isEmpty else { return "" }
        return ReportRenderer.section(t.importNote, "<p>\(ReportRenderer.escape(note))</p>")
    }
}
