/// The first page: whether the result is official, the period and snapshot, what is still
/// open, the key figures and, in one sentence, how it came out — the page alone tells the story.
enum ReportSummarySection {
    static func html(_ report: CampaignReport, _ t: ReportText) -> String {
        var html = ""
        if report.kind == "budget" {
            if report.outcomes.isEmpty {
                html += "<p><span class=\"stamp\">\(t.provisionalStamp)</span> \(t.noResultYet)</p>"
            } else if report.resultsOfficial {
                html += "<p><span class=\"stamp official\">\(t.officialStamp)</span></p>"
            } else {
                html += "<p><span class=\"stamp\">\(t.provisionalStamp)</span> \(t.provisionalNote)</p>"
            }
        }
        if let period = report.period {
            html += "<p>\(t.period): \(t.date(period.start))–\(t.date(period.end)) · \(t.dataAsOf): \(t.dateTime(report.snapshotAt))</p>"
        }
        let figures = [
            ("participants", t.participants, report.participants), ("proposals", t.proposals, report.proposals),
            ("comments", t.comments, report.comments), ("votes", t.votes, report.votes),
        ]
        html +=
            "<div class=\"figures\">"
            + figures.map { "<div><b data-figure=\"\($0.0)\">\(t.n($0.2))</b><span>\($0.1)</span></div>" }.joined() + "</div>"
        html += "<p>\(story(report, t))</p>"
        var open: [String] = []
        if report.open.votingOpen { open.append(t.votingStillOpen) }
        if report.open.pendingModeration > 0 { open.append("\(t.n(report.open.pendingModeration)) \(t.pendingModeration)") }
        if report.open.unansweredProposals > 0 { open.append("\(t.n(report.open.unansweredProposals)) \(t.unansweredProposals)") }
        html += "<h3>\(t.stillOpen)</h3>"
        html += open.isEmpty ? "<p>\(t.nothingOpen)</p>" : "<ul>" + open.map { "<li>\($0)</li>" }.joined() + "</ul>"
        return ReportRenderer.section(t.atAGlance, html, id: "summary")
    }

    static func story(_ report: CampaignReport, _ t: ReportText) -> String {
        if report.kind == "budget", !report.outcomes.isEmpty {
            let funded = report.outcomes.reduce(0) { $0 + $1.projects.filter(\.funded).count }
            let projects = report.outcomes.reduce(0) { $0 + $1.projects.count }
            let spent = report.outcomes.reduce(Int64(0)) { $0 + $1.funded.reduce(Int64(0)) { $0 + $1.costCents } }
            let budget = report.outcomes.reduce(Int64(0)) { $0 + $1.budgetCents }
            return ReportRenderer.escape(
                t.summaryBudget(funded: funded, projects: projects, spent: spent, budget: budget, ballots: report.voteCounts.ballots))
        }
        return ReportRenderer.escape(
            t.summaryDialogue(proposals: report.proposals, top: report.ranking.first?.title, contested: report.ranking.filter(\.contested).count))
    }
}
