import Foundation

/// Who took part and when: the figures, votes by kind (adding up to the votes), activity per
/// day or week (contributions and votes, empty periods included) and participants by district
/// (adding up to the participants).
enum ReportParticipationSection {
    static func html(_ report: CampaignReport, _ t: ReportText) -> String {
        var html = "<p class=\"note\">\(t.participantsNote)</p>"
        let v = report.voteCounts
        var kinds: [[String]] = []
        func cell(_ kind: String, _ value: Int) -> String { "<span data-kind=\"\(kind)\">\(t.n(value))</span>" }
        if report.kind != "budget" || v.supports > 0 { kinds.append([t.supports, cell("supports", v.supports)]) }
        if v.pro + v.contra > 0 || report.kind != "budget" { kinds += [[t.pro, cell("pro", v.pro)], [t.contra, cell("contra", v.contra)]] }
        if report.kind == "budget" || v.ballots > 0 {
            kinds.append([t.ballots, cell("ballots", v.ballots)])
            if v.anonymousBallots > 0 { kinds.append(["<i>\(t.ballotsImported)</i>", cell("anonymous", v.anonymousBallots)]) }
        }
        html += ReportRenderer.table(
            [t.kindOfVote, t.count], kinds, empty: t.none, numeric: [1], caption: t.votesByKind, footer: [t.total, t.n(v.total)],
            name: "votes-by-kind")

        let weekly = report.activity.count > 62
        let periods =
            weekly
            ? weeks(report, t)
            : report.activity.enumerated().map { index, day in
                (label: t.shortDate(day.day), full: t.date(day.day), contributions: day.count, votes: report.votesPerDay[safe: index] ?? 0)
            }
        html += "<h3>\(t.activity)</h3>"
        let axis = weekly ? t.week : t.day
        let perPeriod = weekly ? t.pick("je Woche", "per week") : t.pick("je Tag", "per day")
        for (id, name, pick) in [
            ("chart-contributions", t.contributions, { (p: (label: String, full: String, contributions: Int, votes: Int)) in p.contributions }),
            ("chart-votes", t.votes, { (p: (label: String, full: String, contributions: Int, votes: Int)) in p.votes }),
        ] {
            let values = periods.map { (label: $0.label, value: pick($0)) }
            let nonEmpty = periods.filter { pick($0) > 0 }.map { "\($0.full): \(t.n(pick($0)))" }
            let description =
                "\(name) \(perPeriod), \(t.n(periods.count)) \(weekly ? t.pick("Wochen", "weeks") : t.pick("Tage", "days")) \(t.pick("von", "from")) "
                + "\(periods.first?.full ?? "") \(t.pick("bis", "to")) \(periods.last?.full ?? ""); \(t.total) \(t.n(values.reduce(0) { $0 + $1.value })). "
                + (nonEmpty.isEmpty ? t.none : nonEmpty.joined(separator: "; "))
            let heading = name + " " + perPeriod
            html += ReportCharts.bars(id: id, values, title: heading, valueAxis: name, timeAxis: axis, description: description, t: t)
        }

        html += "<h3>\(t.byDistrict)</h3><p class=\"note\">\(t.suppressionNote)</p>"
        let rows = report.districts.map { [districtName($0.group, report, t), t.n($0.count)] }
        html += ReportRenderer.table(
            [t.district, t.participants], rows, empty: t.none, numeric: [1],
            footer: [t.total, t.n(report.districts.reduce(0) { $0 + $1.count })], name: "districts")
        return ReportRenderer.section(t.participation, html)
    }

    static func districtName(_ group: String, _ report: CampaignReport, _ t: ReportText) -> String {
        switch group {
        case "other": t.other
        case "unknown": t.unknownDistrict
        default: ReportRenderer.escape(report.districtNames[group] ?? humanised(group))
        }
    }

    /// A slug nobody named, in words: `st-georg` → "St Georg".
    static func humanised(_ slug: String) -> String {
        slug.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    /// Days folded into weeks (starting on the first day), for long campaigns.
    static func weeks(_ report: CampaignReport, _ t: ReportText) -> [(label: String, full: String, contributions: Int, votes: Int)] {
        stride(from: 0, to: report.activity.count, by: 7).map { start in
            let end = min(start + 7, report.activity.count)
            let contributions = report.activity[start..<end].reduce(0) { $0 + $1.count }
            let votes = (start..<end).reduce(0) { $0 + (report.votesPerDay[safe: $1] ?? 0) }
            return (
                label: t.shortDate(report.activity[start].day), full: t.date(report.activity[start].day), contributions: contributions, votes: votes
            )
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
