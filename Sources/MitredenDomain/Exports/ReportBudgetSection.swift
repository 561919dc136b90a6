/// Per area: whether the result is official, the method in words (its code in a footnote),
/// every project with its votes, cost and whether it was funded or by how much it missed,
/// and the cumulative cost of the funded projects against the budget.
enum ReportBudgetSection {
    static func html(_ report: CampaignReport, _ t: ReportText) -> String {
        guard report.kind == "budget" || !report.outcomes.isEmpty else { return "" }
        guard !report.outcomes.isEmpty else { return ReportRenderer.section(t.budgetOutcome, "<p class=\"note\">\(t.noResultYet)</p>") }
        var html = ""
        for (index, outcome) in report.outcomes.enumerated() {
            let spent = outcome.funded.reduce(Int64(0)) { $0 + $1.costCents }
            let stamp =
                outcome.official
                ? "<span class=\"stamp official\">\(t.officialStamp)</span>" : "<span class=\"stamp\">\(t.provisionalStamp)</span>"
            html += "<h3>\(ReportRenderer.escape(outcome.area))</h3><p>\(stamp)</p>"
            html +=
                "<p>\(t.budget): \(t.euros(outcome.budgetCents)) · \(t.spent): \(t.euros(spent)) · \(t.ballots): \(t.n(outcome.ballots)) · "
                + "\(t.method): \(t.methodName(outcome.method))<sup>\(index + 1)</sup>"
                + (outcome.computedAt.map { " · \(t.computedAt) \(t.dateTime($0))" } ?? "") + "</p>"
            html += "<p class=\"note\">\(t.methodExplanation(outcome.method))</p>"
            var header = [t.rank, t.proposal, t.cost, t.approvals]
            if outcome.pointBallots { header.append(t.points) }
            header.append(t.missedBy)
            let rows = outcome.projects.map { project in
                var row = [
                    t.n(project.rank), "<span data-proposal=\"\(project.proposalId)\">\(ReportRenderer.escape(project.title))</span>",
                    t.euros(project.costCents), t.n(project.approvals),
                ]
                if outcome.pointBallots { row.append(t.decimalText(project.points)) }
                row.append(project.funded ? "<span class=\"funded\">\(t.funded)</span>" : t.shortfall(project.shortfall))
                return row
            }
            let numeric: Set<Int> = outcome.pointBallots ? [0, 2, 3, 4] : [0, 2, 3]
            html += ReportRenderer.table(header, rows, empty: t.none, numeric: numeric, name: "area-projects")
            html += ReportCharts.cumulativeCost(
                id: "chart-cost-\(index + 1)", outcome.funded.map(\.costCents), budget: outcome.budgetCents,
                title: t.cumulativeCost + ": " + outcome.area, t: t)
            html += "<p class=\"footnote\"><sup>\(index + 1)</sup> \(t.methodFootnote) <code>\(ReportRenderer.escape(outcome.method))</code>. "
            html += "\(t.digestNote) <code>\(ReportRenderer.escape(outcome.inputDigest))</code></p>"
        }
        return ReportRenderer.section(t.budgetOutcome, html)
    }
}
