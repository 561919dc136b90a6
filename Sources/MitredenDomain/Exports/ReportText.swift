import Foundation

/// The report's words in German and English.
struct ReportText {
    let language: ReportLanguage
    init(_ language: ReportLanguage) { self.language = language }

    private func pick(_ de: String, _ en: String) -> String { language == .de ? de : en }

    var report: String { pick("Bericht", "Report") }
    var dataAsOf: String { pick("Datenstand", "Data as of") }
    var timeline: String { pick("Ablauf", "Timeline") }
    var participation: String { pick("Beteiligung", "Participation") }
    var participants: String { pick("Teilnehmende", "Participants") }
    var proposals: String { pick("Vorschläge", "Proposals") }
    var comments: String { pick("Kommentare", "Comments") }
    var votes: String { pick("Stimmen", "Votes") }
    var activity: String { pick("Aktivität im Zeitverlauf", "Activity over time") }
    var contributionsPerDay: String { pick("Beiträge pro Tag", "Contributions per day") }
    var byDistrict: String { pick("Nach Stadtteil", "By district") }
    var district: String { pick("Stadtteil", "District") }
    var other: String { pick("Sonstige", "Other") }
    var suppressionNote: String {
        pick(
            "Gruppen mit weniger als 5 Personen sind unter „Sonstige“ zusammengefasst oder ausgeblendet.",
            "Groups of fewer than 5 people are merged into “Other” or left out.")
    }
    var ranking: String { pick("Rangfolge der Vorschläge", "Ranking of proposals") }
    var rankingNote: String {
        pick(
            "Pro- und Contra-Stimmen werden beide gezeigt; umstrittene Vorschläge sind markiert.",
            "Pro and contra are both shown; contested proposals are marked.")
    }
    var contested: String { pick("umstritten", "contested") }
    var rank: String { pick("Rang", "Rank") }
    var proposal: String { pick("Vorschlag", "Proposal") }
    var supports: String { pick("Unterstützungen", "Supports") }
    var pro: String { "Pro" }
    var contra: String { "Contra" }
    var score: String { pick("Saldo", "Score") }
    var response: String { pick("Antwort der Verwaltung", "Official response") }
    var budgetOutcome: String { pick("Ergebnis des Bürgerhaushalts", "Participatory budget outcome") }
    var budget: String { "Budget" }
    var spent: String { pick("vergeben", "allocated") }
    var ballots: String { pick("Stimmzettel", "Ballots") }
    var method: String { pick("Verfahren", "Method") }
    var cost: String { pick("Kosten", "Cost") }
    var cumulativeCost: String { pick("Kumulierte Kosten gegen das Budget", "Cumulative cost against the budget") }
    var digestNote: String { pick("Prüfsumme der ausgewerteten Stimmzettel (SHA-256):", "Digest of the counted ballots (SHA-256):") }
    var moderation: String { pick("Moderation", "Moderation") }
    var medianDecision: String { pick("Median der Zeit bis zur Entscheidung", "Median time to decision") }
    var p90Decision: String { pick("90. Perzentil", "90th percentile") }
    var decision: String { pick("Entscheidung und Grund", "Decision and reason") }
    var count: String { pick("Anzahl", "Count") }
    var responses: String { pick("Antworten der Verwaltung", "Official responses") }
    var status: String { "Status" }
    var none: String { pick("Keine Einträge.", "None.") }
    var footer: String {
        pick(
            "Erstellt mit Mitreden. Alle Zahlen aus einem einheitlichen Datenstand; Autorinnen und Autoren werden nicht genannt.",
            "Made with Mitreden. All figures from one consistent snapshot; authors are not named.")
    }

    func kindName(_ kind: String) -> String { kind == "budget" ? pick("Bürgerhaushalt", "Participatory budget") : pick("Dialog", "Dialogue") }

    func phaseName(_ kind: String) -> String {
        switch kind {
        case "information": pick("Information", "Information")
        case "proposals": pick("Vorschläge", "Proposals")
        case "discussion": pick("Diskussion", "Discussion")
        case "voting": pick("Abstimmung", "Voting")
        case "evaluation": pick("Auswertung", "Evaluation")
        case "results": pick("Ergebnisse", "Results")
        default: kind
        }
    }

    func responseName(_ status: String) -> String {
        switch status {
        case "under_review": pick("in Prüfung", "under review")
        case "accepted": pick("angenommen", "accepted")
        case "rejected": pick("abgelehnt", "rejected")
        case "implemented": pick("umgesetzt", "implemented")
        case "noted": pick("zur Kenntnis genommen", "noted")
        default: ReportRenderer.escape(status)
        }
    }

    func reasonName(_ reason: String) -> String {
        let parts = reason.split(separator: ":", maxSplits: 1).map(String.init)
        let decision =
            [
                "approve": pick("freigegeben", "approved"), "reject": pick("abgelehnt", "rejected"),
                "dismiss_flags": pick("Meldungen verworfen", "flags dismissed"), "merge": pick("zusammengeführt", "merged"),
            ][parts[0]] ?? parts[0]
        guard parts.count == 2 else { return ReportRenderer.escape(decision) }
        let reason = ReasonCode(rawValue: parts[1])?.text(in: language) ?? parts[1].replacingOccurrences(of: "_", with: " ")
        return ReportRenderer.escape("\(decision) – \(reason)")
    }

    /// Plain words about how winners were chosen, for council members who are not mathematicians.
    func methodExplanation(_ method: String) -> String {
        if method.hasPrefix("greedy") {
            return pick(
                "Die Vorschläge wurden nach ihrer Stimmenzahl geordnet und der Reihe nach gefördert, solange das Budget reichte; "
                    + "ein zu teurer Vorschlag wurde übersprungen.",
                "Proposals were ordered by their votes and funded in turn while the budget lasted; one that no longer fitted was skipped.")
        }
        if method.hasPrefix("mes") {
            return pick(
                "Methode der gleichen Anteile: Jede Person erhält den gleichen Anteil am Budget; ein Vorschlag wird gefördert, "
                    + "wenn seine Unterstützerinnen und Unterstützer ihn gemeinsam bezahlen können. So erhalten auch kleinere Gruppen "
                    + "einen fairen Anteil.",
                "Method of Equal Shares: every voter gets an equal share of the budget; a proposal is funded when its supporters "
                    + "can pay for it together, so smaller groups also get their fair share.")
        }
        if method == "seq_phragmen" {
            return pick(
                "Sequenzielles Phragmén-Verfahren: Die Kosten geförderter Vorschläge werden möglichst gleichmäßig auf ihre "
                    + "Unterstützerinnen und Unterstützer verteilt.",
                "Sequential Phragmén: the cost of funded proposals is spread as evenly as possible over their supporters.")
        }
        return ReportRenderer.escape(method)
    }

    func euros(_ cents: Int64) -> String {
        let whole = cents / 100, rest = cents % 100
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = (language == .de ? "." : ",") + digits.suffix(3) + grouped
            digits = String(digits.dropLast(3))
        }
        grouped = digits + grouped
        let decimals = rest == 0 ? "" : (language == .de ? "," : ".") + (rest < 10 ? "0" : "") + String(rest)
        return language == .de ? "\(grouped)\(decimals) €" : "€\(grouped)\(decimals)"
    }

    func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Europe/Berlin")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = language == .de ? "dd.MM.yyyy" : "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    func dateTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Europe/Berlin")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = language == .de ? "dd.MM.yyyy HH:mm 'Uhr'" : "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "–" }
        if seconds < 3600 { return "\(Int((seconds / 60).rounded())) min" }
        if seconds < 172_800 { return "\(Int((seconds / 3600).rounded())) h" }
        return "\(Int((seconds / 86_400).rounded())) " + pick("Tage", "days")
    }
}
