/// The sentences with values of the report's explanation sections, German and English side by side
/// (the fixed words are in the ``ReportWords`` catalogues).
extension ReportText {
    func fundedInRound(_ round: Int, price: String, payingAll: Int) -> String {
        var text = pick(
            "Gefördert in Runde \(round): jede unterstützende Person zahlte bis zu \(price).",
            "Funded in round \(round): each supporter paid up to \(price).")
        if payingAll > 0 {
            text += " " + pick("\(payingAll) gaben alles, was sie noch hatten.", "\(payingAll) paid everything they had left.")
        }
        return text
    }

    func effectiveSupport(_ percent: Int) -> String {
        pick("Effektive Unterstützung: \(percent) %.", "Effective support: \(percent) %.")
    }

    func neededSupporters(_ needed: Int, had: Int) -> String {
        pick(
            "Hätte mindestens \(needed) Unterstützende gebraucht (Kosten ÷ Anteil je Person); gewählt von \(had).",
            "It needed at least \(needed) supporters (cost ÷ share per voter); \(had) chose it.")
    }

    func moneyRanOut(had: String, cost: String, restWentTo rest: String) -> String {
        pick(
            "Das Geld der Unterstützenden reichte nicht mehr: sie hatten noch \(had), der Vorschlag kostet \(cost)"
                + (rest.isEmpty ? "." : "; der Rest ging an \(rest)."),
            "Its supporters' money ran out: they had \(had) left, it costs \(cost)" + (rest.isEmpty ? "." : "; the rest went to \(rest)."))
    }

    func greedyFunded(_ position: Int, remaining: String) -> String {
        pick(
            "Gefördert: an Stelle \(position) passte er in das verbleibende Budget von \(remaining).",
            "Funded: at place \(position) it fitted the remaining budget of \(remaining).")
    }

    func didNotFit(remaining: String) -> String {
        pick("Passte nicht in das verbleibende Budget von \(remaining).", "Did not fit the remaining budget of \(remaining).")
    }

    func phragmenFunded(_ round: Int, load: String) -> String {
        pick(
            "Gefördert in Runde \(round); Last je unterstützender Person danach \(load).",
            "Funded in round \(round); each supporter's load afterwards \(load).")
    }

    func phragmenStopped(remaining: String) -> String {
        pick(
            "Nicht mehr erreicht: das Verfahren endete, als der nächste Vorschlag nicht mehr in die verbleibenden \(remaining) passte.",
            "Not reached: the rule stopped when the next proposal no longer fitted the remaining \(remaining).")
    }
}
