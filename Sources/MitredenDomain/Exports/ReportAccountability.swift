import Foundation

/// The report's chapter on the response promise and what became of each proposal (the
/// "Rechenschaftsbericht"): figures per unit and the latest state of every proposal.
public struct AccountabilityChapter: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var title: String
        public var unitName: String
        public var dueOn: CalendarDay?
        public var respondedOn: CalendarDay?
        public var responseStatus: String
        public var implementation: ImplementationStatus?
        public var implementationOn: CalendarDay?
        public var implementationReason: String?

        public init(
            title: String, unitName: String, dueOn: CalendarDay?, respondedOn: CalendarDay?, responseStatus: String,
            implementation: ImplementationStatus?, implementationOn: CalendarDay?, implementationReason: String?
        ) {
            self.title = title; self.unitName = unitName; self.dueOn = dueOn; self.respondedOn = respondedOn
            self.responseStatus = responseStatus; self.implementation = implementation; self.implementationOn = implementationOn
            self.implementationReason = implementationReason
        }
    }

    /// The promise in working days; nil when the campaign made none.
    public var promisedDays: Int?
    /// All units first, then each unit.
    public var figures: [ResponseFigures]
    /// Every published proposal up to ``lineLimit``; the rest are in accountability.csv.
    public var lines: [Line]
    public var totalLines: Int

    public static let lineLimit = 500

    public init(promisedDays: Int?, figures: [ResponseFigures], lines: [Line], totalLines: Int) {
        self.promisedDays = promisedDays; self.figures = figures; self.lines = lines; self.totalLines = totalLines
    }
}

extension ReportRenderer {
    /// The chapter's HTML; its words are in ``AccountabilityText``.
    static func accountability(_ chapter: AccountabilityChapter, language: ReportLanguage) -> String {
        let t = AccountabilityText(language)
        var html = "<p>\(t.promise(chapter.promisedDays))</p><p class=\"note\">\(t.figuresNote)</p>"
        let figureRows = chapter.figures.map { figure in
            [
                figure.unitName.map(escape) ?? t.allUnits, "\(figure.proposals)", "\(figure.answered)",
                figure.medianWorkingDays.map(String.init) ?? "–", figure.p90WorkingDays.map(String.init) ?? "–",
                figure.shareInTime.map(t.percent) ?? "–", "\(figure.overdueNow)",
            ]
        }
        html += table([t.unit, t.proposals, t.answered, t.median, t.p90, t.inTime, t.overdue], figureRows, empty: t.none)
        html += "<h3>\(t.everyProposal)</h3>"
        let lines = chapter.lines.map { line in
            var implementation = line.implementation.map(t.implementationName) ?? "–"
            if let day = line.implementationOn { implementation += " (\(t.day(day)))" }
            if let reason = line.implementationReason { implementation += ": " + escape(reason) }
            return [
                escape(line.title), escape(line.unitName), line.dueOn.map(t.day) ?? "–", line.respondedOn.map(t.day) ?? "–",
                line.responseStatus == "open" ? "–" : ReportText(language).responseName(line.responseStatus), implementation,
            ]
        }
        html += table([t.proposal, t.unit, t.due, t.responded, t.response, t.implementation], lines, empty: t.none)
        if chapter.totalLines > chapter.lines.count { html += "<p class=\"note\">\(t.moreInCSV(chapter.totalLines))</p>" }
        return html
    }
}

/// The chapter's words in German and English.
struct AccountabilityText {
    let language: ReportLanguage
    init(_ language: ReportLanguage) { self.language = language }

    private func pick(_ de: String, _ en: String) -> String { language == .de ? de : en }

    var title: String { pick("Antwortzeiten und Rechenschaft", "Response times and accountability") }
    func promise(_ days: Int?) -> String {
        guard let days else {
            return pick("Für diese Beteiligung wurde keine Antwortfrist zugesagt.", "No response time was promised for this consultation.")
        }
        return pick(
            "Zugesagt: eine offizielle Antwort auf jeden veröffentlichten Vorschlag innerhalb von \(days) Arbeitstagen.",
            "Promised: an official response to every published proposal within \(days) working days.")
    }
    var figuresNote: String {
        pick(
            "Arbeitstage ohne Wochenenden und Feiertage, gezählt ab dem Tag nach der Veröffentlichung. Fristgerecht: Anteil der rechtzeitig beantworteten an allen beantworteten oder überfälligen Vorschlägen.",
            "Working days exclude weekends and holidays, counted from the day after publication. In time: share answered by the due day of all answered or overdue proposals."
        )
    }
    var allUnits: String { pick("Alle Stellen", "All units") }
    var unit: String { pick("Zuständige Stelle", "Responsible unit") }
    var proposals: String { pick("Vorschläge", "Proposals") }
    var proposal: String { pick("Vorschlag", "Proposal") }
    var answered: String { pick("beantwortet", "answered") }
    var median: String { pick("Median (Arbeitstage)", "Median (working days)") }
    var p90: String { pick("90. Perzentil", "90th percentile") }
    var inTime: String { pick("fristgerecht", "in time") }
    var overdue: String { pick("jetzt überfällig", "overdue now") }
    var everyProposal: String { pick("Was aus jedem Vorschlag wurde", "What became of each proposal") }
    var due: String { pick("Frist", "Due") }
    var responded: String { pick("beantwortet am", "answered on") }
    var response: String { pick("Antwort", "Response") }
    var implementation: String { pick("Umsetzung", "Implementation") }
    var none: String { pick("Keine Einträge.", "None.") }
    func moreInCSV(_ total: Int) -> String {
        pick("Alle \(total) Vorschläge stehen in accountability.csv.", "All \(total) proposals are in accountability.csv.")
    }
    func percent(_ share: Double) -> String {
        let value = (share * 100).rounded()
        return pick("\(Int(value)) %", "\(Int(value))%")
    }
    func day(_ day: CalendarDay) -> String {
        language == .de ? String(format: "%02d.%02d.%04d", day.day, day.month, day.year) : day.description
    }
    func implementationName(_ status: ImplementationStatus) -> String {
        switch status {
        case .planned: pick("geplant", "planned")
        case .inProgress: pick("in Umsetzung", "in progress")
        case .done: pick("umgesetzt", "done")
        case .notDone: pick("nicht umgesetzt", "not done")
        }
    }
}
