/// The planner chapter of report.html: overall figures, per item what the plans did with a
/// distribution chart (SVG with a text alternative), the typical plans, the published
/// justifications and the proposals that touch each item with their official responses.
enum ReportPlanner {
    static func section(_ report: CampaignReport, language: ReportLanguage) -> String {
        guard let chapter = report.planner else { return "" }
        let t = PlannerText(language)
        let words = ReportText(language)
        let summary = chapter.summary
        let planner = chapter.planner
        var html = "<h3>\(ReportRenderer.escape(planner.title))</h3>"
        let figures = [
            (t.plans, words.n(summary.plans)), (t.balanced, t.percent(summary.balancedPlans, of: summary.plans)),
            (t.medianBalance, summary.medianBalanceCents.map(t.euros) ?? "–"), (t.baselineBalance, t.euros(summary.baselineBalanceCents)),
        ]
        html += "<div class=\"figures\">" + figures.map { "<div><b>\($0.1)</b><span>\($0.0)</span></div>" }.joined() + "</div>"
        let areas = Dictionary(uniqueKeysWithValues: planner.areas.map { ($0.key, $0.name) })
        for side in [PlannerSide.revenue, .expense] {
            let rows = zip(planner.items, summary.items).filter { $0.0.side == side }.map { item, figures in
                [
                    ReportRenderer.escape(item.name), ReportRenderer.escape(areas[item.areaKey] ?? item.areaKey), t.euros(item.baselineCents),
                    words.n(figures.raised), words.n(figures.lowered), words.n(figures.kept),
                    "\(t.signedEuros(figures.lowerQuartileCents)) · \(t.signedEuros(figures.medianCents)) · \(t.signedEuros(figures.upperQuartileCents))",
                    t.signedEuros(figures.meanCents),
                ]
            }
            guard !rows.isEmpty else { continue }
            html += "<h3>\(side == .revenue ? t.revenue : t.expense)</h3>"
            html += ReportRenderer.table([t.item, t.area, t.baseline, t.raised, t.lowered, t.kept, t.quartiles, t.mean], rows, empty: t.none)
        }
        html += "<h3>\(t.distribution)</h3>"
        for (item, figures) in zip(planner.items, summary.items) where !item.isProtected {
            let text = t.histogramText(item.name, bins: figures.histogram)
            html += "<figure><figcaption>\(ReportRenderer.escape(item.name))</figcaption>"
            html += ReportCharts.bars(
                id: "planner-\(item.key)", figures.histogram.enumerated().map { ("\($0.offset + 1)/10", $0.element) }, title: item.name,
                valueAxis: t.plans, timeAxis: t.histogramAxis, description: text, t: words)
            html += "<p class=\"note\">\(ReportRenderer.escape(text))</p></figure>"
            html += details(item, chapter, t)
        }
        html += "<h3>\(t.typicalPlans)</h3><p class=\"note\">\(t.typicalNote)</p>"
        let names = Dictionary(uniqueKeysWithValues: planner.items.map { ($0.key, $0.name) })
        html += ReportRenderer.table(
            [t.group, t.plans, t.changes],
            summary.typicalPlans.map { plan in
                let changes = planner.items.compactMap { item -> String? in
                    guard let change = plan.changes[item.key], change != 0 else { return nil }
                    return "\(ReportRenderer.escape(names[item.key] ?? item.key)) \(t.signedEuros(change))"
                }
                return ["\(plan.number)", t.plansOfGroup(plan.plans), changes.isEmpty ? t.keepsEverything : changes.joined(separator: "; ")]
            }, empty: t.none)
        html += "<h3>\(t.byDistrict)</h3>"
        html += ReportRenderer.table(
            [t.area, t.plans], summary.districts.map { [$0.district.isEmpty ? t.other : ReportRenderer.escape($0.district), words.n($0.plans)] },
            empty: t.none)
        return ReportRenderer.section(t.title, html)
    }

    /// The item's published justifications and the proposals that name it.
    static func details(_ item: PlannerItem, _ chapter: PlannerReport, _ t: PlannerText) -> String {
        var html = ""
        if let texts = chapter.justifications[item.key], !texts.isEmpty {
            html += "<p><b>\(t.justifications)</b></p><ul>" + texts.map { "<li>\(ReportRenderer.escape($0))</li>" }.joined() + "</ul>"
        }
        if let proposals = chapter.proposals[item.key], !proposals.isEmpty {
            html += "<p><b>\(t.linkedProposals)</b></p><ul>"
            for proposal in proposals {
                let answer = proposal.response.map(ReportRenderer.escape) ?? t.noResponse
                html += "<li>\(ReportRenderer.escape(proposal.title)) (\(t.signedEuros(proposal.changeCents))): \(answer)</li>"
            }
            html += "</ul>"
        }
        return html
    }
}
