/// The ranking of proposals by the campaign's rule with pro, contra and their difference;
/// "umstritten" defined right under the table that uses it. In a budget campaign the votes
/// per project are in ``ReportBudgetSection``; this shows the supports of the proposal phase
/// only when there were any.
enum ReportRankingSection {
    static func html(_ report: CampaignReport, _ t: ReportText) -> String {
        if report.kind == "budget" {
            guard report.ranking.contains(where: { $0.supports > 0 }) else { return "" }
            let rows = report.ranking.map { [t.n($0.rank), ReportRenderer.escape($0.title), t.n($0.supports)] }
            return ReportRenderer.section(
                t.ranking,
                "<p class=\"note\">\(t.rankingBySupports)</p>"
                    + ReportRenderer.table([t.rank, t.proposal, t.supports], rows, empty: t.none, numeric: [0, 2], name: "ranking-supports"))
        }
        let rule =
            switch report.rankingRule {
            case "positive_only": t.rankingByPro
            case "supports": t.rankingBySupports
            default: t.rankingByProMinusContra
            }
        let rows = report.ranking.map { entry in
            [
                t.n(entry.rank), ReportRenderer.escape(entry.title) + (entry.contested ? " <span class=\"tag\">\(t.contested)</span>" : ""),
                t.n(entry.pro), t.n(entry.contra), t.grouped(Int64(entry.pro - entry.contra)), t.n(entry.supports),
                entry.responseStatus.map(t.responseName) ?? "–",
            ]
        }
        var html = "<p class=\"note\">\(rule) \(t.rankingNote)</p>"
        html += ReportRenderer.table(
            [t.rank, t.proposal, t.pro, t.contra, t.difference, t.supports, t.response], rows, empty: t.none, numeric: [0, 2, 3, 4, 5],
            name: "ranking")
        if report.ranking.contains(where: \.contested) { html += "<p class=\"note\">\(t.contestedDefinition)</p>" }
        return ReportRenderer.section(t.ranking, html)
    }
}
