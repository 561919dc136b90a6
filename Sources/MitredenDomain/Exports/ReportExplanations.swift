import BigInt

/// The report's sections on *why*: per area a table with one sentence per project (from the
/// run's stored explanation), and for equal shares the comparison with greedy by votes.
/// Kept apart from ``ReportRenderer`` so the rest of the report can change without it.
enum ReportExplanations {
    static func sections(_ report: CampaignReport, _ t: ReportText) -> String {
        let explained = report.outcomes.filter { $0.explanation != nil }
        guard !explained.isEmpty else { return "" }
        var html = ""
        for outcome in explained {
            guard let explanation = outcome.explanation else { continue }
            html += "<h3>\(ReportRenderer.escape(outcome.area))</h3>"
            if let reason = outcome.supersedeReason {
                html += "<p class=\"note\">\(t.supersededNote) \(ReportRenderer.escape(reason))</p>"
            }
            if let before = explanation.shareBefore.flatMap(rational) {
                let after = explanation.shareAfter.flatMap(rational) ?? before
                html += "<p>\(t.shareBefore): \(money(before, t)) · \(t.shareAfter): \(money(after, t))</p>"
            }
            let rows = explanation.projects.map { project in
                [
                    name(project.projectId, outcome), project.funded ? t.yes : t.no, t.n(project.supporters),
                    money(rational(project.cost) ?? .zero, t), sentence(project, outcome, t),
                ]
            }
            html += ReportRenderer.table([t.proposal, t.funded, t.supportersHeader, t.cost, t.why], rows, empty: t.none)
        }
        html = ReportRenderer.section(t.explanations, html)
        let compared = explained.compactMap { outcome in outcome.explanation?.comparison.map { (outcome, $0) } }
        if !compared.isEmpty {
            var body = "<p class=\"note\">\(t.comparisonNote)</p>"
            for (outcome, comparison) in compared {
                body += "<h3>\(ReportRenderer.escape(outcome.area))</h3>"
                let rows = [comparison.equalShares, comparison.greedy].map { side in
                    [
                        "\(t.methodName(side.rule)) (<code>\(ReportRenderer.escape(side.rule))</code>)", t.n(side.selected.count),
                        percent(side.votersWithFundedChoice, t), decimal(side.averageFundedPerVoter, t), percent(side.budgetShare, t),
                    ]
                }
                body += ReportRenderer.table([t.method, t.fundedCount, t.votersWithFunded, t.averageFunded, t.budgetShare], rows, empty: t.none)
                body += "<p>\(t.onlyEqualShares): \(list(comparison.onlyEqualShares, outcome, t)) · "
                body += "\(t.onlyGreedy): \(list(comparison.onlyGreedy, outcome, t))</p>"
            }
            html += ReportRenderer.section(t.comparison, body)
        }
        return html
    }

    static func sentence(_ project: ProjectExplanation, _ outcome: CampaignReport.AreaOutcome, _ t: ReportText) -> String {
        let cost = money(rational(project.cost) ?? .zero, t)
        let amount = { (text: String?) in money(text.flatMap(rational) ?? .zero, t) }
        switch project.reason {
        case .equalSharesFunded:
            var text = t.fundedInRound(project.round ?? 0, price: amount(project.pricePerSupporter), payingAll: project.supportersPayingAll ?? 0)
            if let support = project.effectiveSupport { text += " " + t.effectiveSupport(support) }
            return text
        case .freeProject: return t.freeProject
        case .greedyCompletion: return t.greedyCompletion
        case .neededMoreSupporters:
            var text = t.neededSupporters(project.neededSupporters ?? 0, had: project.supporters)
            if let support = project.effectiveSupport { text += " " + t.effectiveSupport(support) }
            return text
        case .supportersMoneyRanOut:
            let rest = (project.spentOn ?? []).map { "\(name($0.projectId, outcome)) (\(amount($0.amount)))" }
            var text = t.moneyRanOut(had: amount(project.supportersMoney), cost: cost, restWentTo: rest.joined(separator: ", "))
            if let support = project.effectiveSupport { text += " " + t.effectiveSupport(support) }
            return text
        case .greedyFunded: return t.greedyFunded(project.round ?? 0, remaining: amount(project.remainingBudget))
        case .didNotFit: return t.didNotFit(remaining: amount(project.remainingBudget))
        case .phragmenFunded: return t.phragmenFunded(project.round ?? 0, load: amount(project.load))
        case .phragmenStopped: return t.phragmenStopped(remaining: amount(project.remainingBudget))
        case .overBudget: return t.overBudget
        case .noSupporters: return t.noSupporters
        }
    }

    static func name(_ id: String, _ outcome: CampaignReport.AreaOutcome) -> String {
        ReportRenderer.escape(outcome.titles[id] ?? id)
    }

    static func list(_ ids: [String], _ outcome: CampaignReport.AreaOutcome, _ t: ReportText) -> String {
        ids.isEmpty ? "–" : ids.map { name($0, outcome) }.joined(separator: ", ")
    }

    /// The stored exact text form back as a number: a decimal or `numerator/denominator`.
    static func rational(_ text: String) -> Rational? {
        let parts = text.split(separator: "/")
        if parts.count == 2, let numerator = BigInt(String(parts[0])), let denominator = BigInt(String(parts[1])), !denominator.isZero {
            return Rational(numerator: numerator, denominator: denominator)
        }
        return Rational(decimal: text)
    }

    /// Rounded to the cent for reading; the exact value stays in results.json.
    static func money(_ value: Rational, _ t: ReportText) -> String {
        t.euros(Int64(((value * Rational(100)) + Rational(numerator: 1, denominator: 2)).floor.description) ?? 0)
    }

    static func percent(_ text: String, _ t: ReportText) -> String {
        guard let value = rational(text) else { return "–" }
        let tenths = ((value * Rational(1000)) + Rational(numerator: 1, denominator: 2)).floor
        return "\(tenths / 10)\(t.decimalSeparator)\(tenths % 10)" + (t.language == .de ? " %" : "%")
    }

    static func decimal(_ text: String, _ t: ReportText) -> String {
        guard let value = rational(text) else { return "–" }
        let hundredths = ((value * Rational(100)) + Rational(numerator: 1, denominator: 2)).floor
        let fraction = hundredths % 100
        return "\(hundredths / 100)\(t.decimalSeparator)\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
