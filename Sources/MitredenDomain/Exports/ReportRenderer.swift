import Foundation

/// Renders a ``CampaignReport`` as one printable HTML file: inline CSS and SVG, no scripts,
/// nothing loaded from the network, so it can be mailed, archived and printed as it is.
public enum ReportRenderer {
    public static func html(_ report: CampaignReport, language: ReportLanguage) -> String {
        let t = ReportText(language)
        var page = """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <title>\(escape(report.title)) – \(t.report)</title><style>\(style)</style></head><body>
            <header><p class="unit">\(escape(report.unit))</p><h1>\(escape(report.title))</h1>
            <p>\(escape(report.summary))</p>
            <p class="meta">\(t.dataAsOf) \(t.dateTime(report.snapshotAt)) · \(t.kindName(report.kind))</p></header>
            """
        page += section(t.timeline, ReportCharts.timeline(report.phases, names: t.phaseName, format: t.date))
        page += section(t.participation, participation(report, t))
        page += section(t.ranking, ranking(report, t))
        if !report.outcomes.isEmpty { page += section(t.budgetOutcome, outcomes(report, t)) }
        page += ReportExplanations.sections(report, t)
        page += ReportPlanner.section(report, language: language)
        page += section(t.moderation, moderation(report, t))
        page += section(
            t.responses, table([t.status, t.count], report.responsesByStatus.map { [t.responseName($0.status), "\($0.count)"] }, empty: t.none))
        if let chapter = report.accountability {
            page += section(AccountabilityText(language).title, accountability(chapter, language: language))
        }
        page += "<footer>\(t.footer)</footer></body></html>\n"
        return page
    }

    static func participation(_ report: CampaignReport, _ t: ReportText) -> String {
        let figures = [
            (t.participants, report.participants), (t.proposals, report.proposals), (t.comments, report.comments), (t.votes, report.votes),
        ]
        var html = "<div class=\"figures\">" + figures.map { "<div><b>\($0.1)</b><span>\($0.0)</span></div>" }.joined() + "</div>"
        html += "<h3>\(t.activity)</h3>" + ReportCharts.bars(report.activity.map { (t.date($0.day), $0.count) }, label: t.contributionsPerDay)
        html += "<h3>\(t.byDistrict)</h3><p class=\"note\">\(t.suppressionNote)</p>"
        html += table(
            [t.district, t.participants], report.districts.map { [$0.group == "other" ? t.other : escape($0.group), "\($0.count)"] }, empty: t.none)
        return html
    }

    static func ranking(_ report: CampaignReport, _ t: ReportText) -> String {
        let rows = report.ranking.map { entry in
            let contested = entry.pro > 0 && entry.contra * 3 >= entry.pro
            return [
                "\(entry.rank)", escape(entry.title) + (contested ? " <span class=\"tag\">\(t.contested)</span>" : ""),
                "\(entry.supports)", "\(entry.pro)", "\(entry.contra)", "\(entry.score)", entry.responseStatus.map(t.responseName) ?? "–",
            ]
        }
        return "<p class=\"note\">\(t.rankingNote)</p>"
            + table([t.rank, t.proposal, t.supports, t.pro, t.contra, t.score, t.response], rows, empty: t.none)
    }

    static func outcomes(_ report: CampaignReport, _ t: ReportText) -> String {
        var html = ""
        for outcome in report.outcomes {
            let spent = outcome.funded.reduce(Int64(0)) { $0 + $1.costCents }
            html +=
                "<h3>\(escape(outcome.area))</h3><p>\(t.budget): \(t.euros(outcome.budgetCents)) · \(t.spent): \(t.euros(spent)) · "
                + "\(t.ballots): \(outcome.ballots) · \(t.method): <code>\(escape(outcome.method))</code></p>"
            html += "<p class=\"note\">\(t.methodExplanation(outcome.method))</p>"
            html += table([t.proposal, t.cost], outcome.funded.map { [escape($0.title), t.euros($0.costCents)] }, empty: t.none)
            html += ReportCharts.cumulativeCost(outcome.funded.map(\.costCents), budget: outcome.budgetCents, label: t.cumulativeCost)
            html += "<p class=\"note\">\(t.digestNote) <code>\(escape(outcome.inputDigest))</code></p>"
        }
        return html
    }

    static func moderation(_ report: CampaignReport, _ t: ReportText) -> String {
        var html =
            "<p>\(t.medianDecision): \(t.duration(report.medianDecisionSeconds)) · \(t.p90Decision): \(t.duration(report.p90DecisionSeconds))</p>"
        html += table([t.decision, t.count], report.decisionsByReason.map { [t.reasonName($0.reason), "\($0.count)"] }, empty: t.none)
        return html
    }

    static func section(_ title: String, _ body: String) -> String { "<section><h2>\(title)</h2>\(body)</section>\n" }

    /// Cells are HTML already (escaped by the caller).
    static func table(_ header: [String], _ rows: [[String]], empty: String) -> String {
        guard !rows.isEmpty else { return "<p class=\"note\">\(empty)</p>" }
        let head = "<tr>" + header.map { "<th>\($0)</th>" }.joined() + "</tr>"
        let body = rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined()
        return "<table><thead>\(head)</thead><tbody>\(body)</tbody></table>"
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

    static let style = """
        body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.4}
        header{border-bottom:3px solid #00508c;margin-bottom:1rem}h1{margin:.2rem 0}h2{color:#00508c;border-bottom:1px solid #ccd;padding-bottom:.2rem}
        .unit{text-transform:uppercase;letter-spacing:.05em;color:#555;margin:0}.meta,.note{color:#555;font-size:.9rem}
        table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem}th,td{border-bottom:1px solid #dde;padding:.25rem .4rem;text-align:left}
        th{background:#eef3f8}td:nth-child(n+3){font-variant-numeric:tabular-nums}.tag{background:#fde2c8;border-radius:3px;padding:0 .3rem;font-size:.8rem}
        .figures{display:flex;gap:1rem;flex-wrap:wrap}.figures div{border:1px solid #ccd;border-radius:4px;padding:.5rem 1rem;min-width:8rem}
        .figures b{display:block;font-size:1.6rem;color:#00508c}svg{max-width:100%;height:auto}section{break-inside:avoid-page}
        footer{margin-top:2rem;color:#777;font-size:.8rem}@media print{body{margin:0}a{color:inherit}}
        """
}
