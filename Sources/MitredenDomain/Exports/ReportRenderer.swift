import Foundation

/// Renders a ``CampaignReport`` as one printable HTML file: inline CSS and SVG, no scripts,
/// nothing loaded from the network, so it can be mailed, archived and printed as it is.
///
/// The report is a list of sections, each in a file of its own returning its HTML (or
/// nothing when it has nothing to say). A new section is one file and one line in
/// ``sections``.
public enum ReportRenderer {
    typealias Section = @Sendable (CampaignReport, ReportText) -> String

    static let sections: [Section] = [
        ReportSummarySection.html,
        { report, t in section(t.timeline, ReportCharts.timeline(report.phases, title: t.timeline, t: t)) },
        ReportParticipationSection.html,
        ReportRankingSection.html,
        ReportBudgetSection.html,
        ReportExplanations.sections,
        { report, t in ReportPlanner.section(report, language: t.language) },
        ReportModerationSection.html,
        ReportResponsesSection.html,
        { report, t in
            report.accountability.map { section(AccountabilityText(t.language).title, accountability($0, language: t.language)) } ?? ""
        },
    ]

    public static func html(_ report: CampaignReport, language: ReportLanguage) -> String {
        let t = ReportText(language)
        let footer = t.pageFooter(campaign: report.title, snapshot: report.snapshotAt)
        var page = """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <title>\(escape(report.title)) – \(t.report)</title><style>\(ReportStyle.css(footer: footer, page: t.page))</style></head><body>
            <header><p class="unit">\(escape(report.unit))</p><h1>\(escape(report.title))</h1>
            <p>\(escape(report.summary))</p>
            <p class="meta">\(t.dataAsOf) \(t.dateTime(report.snapshotAt)) · \(t.kindName(report.kind))</p></header><main>
            """
        for render in sections { page += render(report, t) }
        page += "</main><footer>\(t.footer)</footer></body></html>\n"
        return page
    }

    static func section(_ title: String, _ body: String, id: String? = nil) -> String {
        guard !body.isEmpty else { return "" }
        return "<section\(id.map { " id=\"\($0)\"" } ?? "")><h2>\(title)</h2>\(body)</section>\n"
    }

    /// Cells are HTML already (escaped by the caller). `numeric` columns align right; a
    /// `caption` names the table for screen readers; `footer` rows (a sum) go in `<tfoot>`;
    /// `name` becomes `data-table`, by which checks (Tests/Report) find the table.
    static func table(
        _ header: [String], _ rows: [[String]], empty: String, numeric: Set<Int> = [], caption: String? = nil, footer: [String]? = nil,
        name: String? = nil
    ) -> String {
        guard !rows.isEmpty else { return "<p class=\"note\">\(empty)</p>" }
        func cells(_ row: [String], tag: String) -> String {
            row.enumerated().map { index, cell in
                let scope = tag == "th" ? " scope=\"col\"" : ""
                return "<\(tag)\(scope)\(numeric.contains(index) ? " class=\"num\"" : "")>\(cell)</\(tag)>"
            }.joined()
        }
        let head = "<tr>" + cells(header, tag: "th") + "</tr>"
        let body = rows.map { "<tr>" + cells($0, tag: "td") + "</tr>" }.joined()
        let foot = footer.map { "<tfoot><tr>" + cells($0, tag: "td") + "</tr></tfoot>" } ?? ""
        let captionHTML = caption.map { "<caption>\($0)</caption>" } ?? ""
        let data = name.map { " data-table=\"\(escape($0))\"" } ?? ""
        return "<table\(data)>\(captionHTML)<thead>\(head)</thead><tbody>\(body)</tbody>\(foot)</table>"
    }

    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for char in text {
            switch char {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(char)
            }
        }
        return result
    }

    /// CSS string content: quotes and backslashes escaped, no line breaks, no `<` (it sits in a `<style>`).
    static func cssString(_ text: String) -> String {
        var result = ""
        for char in text {
            switch char {
            case "\\", "\"": result += "\\" + String(char)
            case "\n", "\r": result += " "
            case "<": result += "\\3c "
            default: result.append(char)
            }
        }
        return result
    }
}
