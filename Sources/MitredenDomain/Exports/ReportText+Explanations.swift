/// The words of the report's explanation and comparison sections, German and English.
extension ReportText {
    private func pick2(_ de: String, _ en: String) -> String { language == .de ? de : en }

    var explanations: String { pick2("Warum gefördert oder nicht", "Why funded or not") }
    var comparison: String { pick2("Vergleich: Equal Shares und Stimmenreihenfolge", "Comparison: equal shares and greedy by votes") }
    var comparisonNote: String {
        pick2(
            "Dieselben Stimmzettel, zwei Verfahren: Equal Shares und die Förderung in der Reihenfolge der Stimmen (greedy_votes).",
            "The same ballots, two rules: equal shares and funding in order of votes (greedy_votes).")
    }
    var supersededNote: String {
        pick2(
            "Dieses Ergebnis ersetzt ein früheres nach einem Ausschluss durch die Verwaltung. Grund:",
            "This result replaces an earlier one after an exclusion by staff. Reason:")
    }
    var shareBefore: String { pick2("Anteil je Person am Budget", "Each voter's share of the budget") }
    var shareAfter: String { pick2("nach der Auffüllung", "after completion") }
    var funded: String { pick2("Gefördert", "Funded") }
    var supportersHeader: String { pick2("Gewählt von", "Chosen by") }
    var why: String { pick2("Begründung", "Why") }
    var yes: String { pick2("ja", "yes") }
    var no: String { pick2("nein", "no") }
    var fundedCount: String { pick2("Geförderte Vorschläge", "Funded proposals") }
    var votersWithFunded: String { pick2("Personen mit mind. einem geförderten Wunsch", "Voters with at least one funded choice") }
    var averageFunded: String { pick2("Geförderte Wünsche je Person", "Funded choices per voter") }
    var budgetShare: String { pick2("Anteil des Budgets", "Share of the budget") }
    var onlyEqualShares: String { pick2("Nur mit Equal Shares gefördert", "Funded only by equal shares") }
    var onlyGreedy: String { pick2("Nur nach Stimmenreihenfolge gefördert", "Funded only by greedy") }
    var decimalSeparator: String { pick2(",", ".") }
    var freeProject: String { pick2("Kostet nichts und wurde gewählt: vorab gefördert.", "Costs nothing and was chosen: funded up front.") }
    var greedyCompletion: String {
        pick2(
            "Gefördert bei der Auffüllung des Restbudgets in der Reihenfolge der Stimmen.",
            "Funded when the rest of the budget was filled up in order of votes.")
    }
    var overBudget: String { pick2("Kostet mehr als das gesamte Budget.", "Costs more than the whole budget.") }
    var noSupporters: String { pick2("Von niemandem gewählt.", "Nobody chose it.") }

    func fundedInRound(_ round: Int, price: String, payingAll: Int) -> String {
        var text = pick2(
            "Gefördert in Runde \(round): jede unterstützende Person zahlte bis zu \(price).",
            "Funded in round \(round): each supporter paid up to \(price).")
        if payingAll > 0 {
            text += " " + pick2("\(payingAll) gaben alles, was sie noch hatten.", "\(payingAll) paid everything they had left.")
        }
        return text
    }

    func effectiveSupport(_ percent: Int) -> String {
        pick2("Effektive Unterstützung: \(percent) %.", "Effective support: \(percent) %.")
    }

    func neededSupporters(_ needed: Int, had: Int) -> String {
        pick2(
            "Hätte mindestens \(needed) Unterstützende gebraucht (Kosten ÷ Anteil je Person); gewählt von \(had).",
            "It needed at least \(needed) supporters (cost ÷ share per voter); \(had) chose it.")
    }

    func moneyRanOut(had: String, cost: String, restWentTo rest: String) -> String {
        pick2(
            "Das Geld der Unterstützenden reichte nicht mehr: sie hatten noch \(had), der Vorschlag kostet \(cost)"
                + (rest.isEmpty ? "." : "; der Rest ging an \(rest)."),
            "Its supporters' money ran out: they had \(had) left, it costs \(cost)" + (rest.isEmpty ? "." : "; the rest went to \(rest)."))
    }

    func greedyFunded(_ position: Int, remaining: String) -> String {
        pick2(
            "Gefördert: an Stelle \(position) passte er in das verbleibende Budget von \(remaining).",
            "Funded: at place \(position) it fitted the remaining budget of \(remaining).")
    }

    func didNotFit(remaining: String) -> String {
        pick2("Passte nicht in das verbleibende Budget von \(remaining).", "Did not fit the remaining budget of \(remaining).")
    }

    func phragmenFunded(_ round: Int, load: String) -> String {
        pick2(
            "Gefördert in Runde \(round); Last je unterstützender Person danach \(load).",
            "Funded in round \(round); each supporter's load afterwards \(load).")
    }

    func phragmenStopped(remaining: String) -> String {
        pick2(
            "Nicht mehr erreicht: das Verfahren endete, als der nächste Vorschlag nicht mehr in die verbleibenden \(remaining) passte.",
            "Not reached: the rule stopped when the next proposal no longer fitted the remaining \(remaining).")
    }
}
