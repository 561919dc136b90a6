/// The planner chapter's words in German and English.
struct PlannerText {
    let language: ReportLanguage
    init(_ language: ReportLanguage) { self.language = language }

    private func pick(_ de: String, _ en: String) -> String { language == .de ? de : en }

    var title: String { pick("Haushaltsrechner", "Budget planner") }
    var plans: String { pick("Eingereichte Pläne", "Submitted plans") }
    var balanced: String { pick("davon ausgeglichen", "of them balanced") }
    var medianBalance: String { pick("Median des Saldos", "Median balance") }
    var baselineBalance: String { pick("Saldo des Ansatzes", "Baseline balance") }
    var item: String { pick("Posten", "Item") }
    var area: String { pick("Bereich", "Area") }
    var baseline: String { pick("Ansatz", "Baseline") }
    var raised: String { pick("erhöht", "raised") }
    var lowered: String { pick("gesenkt", "lowered") }
    var kept: String { pick("beibehalten", "kept") }
    var quartiles: String { pick("Änderung: unteres Quartil · Median · oberes Quartil", "Change: lower quartile · median · upper quartile") }
    var mean: String { pick("Mittlere Änderung", "Mean change") }
    var revenue: String { pick("Einnahmen", "Revenue") }
    var expense: String { pick("Ausgaben", "Expenses") }
    var histogramAxis: String {
        pick(
            "Änderung in Zehnteln des erlaubten Bereichs (1/10 = am stärksten gesenkt)", "Change in tenths of the allowed range (1/10 = lowered most)"
        )
    }
    var distribution: String { pick("Verteilung der Änderungen", "Distribution of changes") }
    var typicalPlans: String { pick("Typische Pläne", "Typical plans") }
    var typicalNote: String {
        pick(
            "Gruppen ähnlicher Pläne (k-Means, Anzahl nach Silhouette, fester Startwert); je Posten der Median der Gruppe.",
            "Groups of similar plans (k-means, number by silhouette, fixed seed); per item the group's median.")
    }
    var group: String { pick("Gruppe", "Group") }
    var changes: String { pick("Änderungen", "Changes") }
    var keepsEverything: String { pick("lässt alles unverändert", "keeps everything") }
    var justifications: String { pick("Begründungen", "Justifications") }
    var linkedProposals: String { pick("Vorschläge zu diesem Posten", "Proposals touching this item") }
    var byDistrict: String { pick("Pläne nach Stadtteil (Gruppen unter 5 zusammengefasst)", "Plans by district (groups under 5 merged)") }
    var other: String { pick("Sonstige", "Other") }
    var none: String { pick("Keine Einträge.", "None.") }
    var noResponse: String { pick("noch keine Antwort", "no response yet") }

    func plansOfGroup(_ count: Int) -> String { pick("\(count) Pläne", "\(count) plans") }

    func histogramText(_ item: String, bins: [Int]) -> String {
        pick(
            "Verteilung der Änderungen von \(item) in zehn Stufen vom Minimum zum Maximum: \(bins.map(String.init).joined(separator: ", ")) Pläne.",
            "Distribution of the changes to \(item) in ten steps from minimum to maximum: \(bins.map(String.init).joined(separator: ", ")) plans.")
    }

    /// Signed euros: "+1.500 €", "−200 €" (German), "+€1,500", "−€200".
    func signedEuros(_ cents: Int64) -> String {
        let plain = ReportText(language).euros(cents.magnitude > UInt64(Int64.max) ? Int64.max : Int64(cents.magnitude))
        return cents > 0 ? "+" + plain : cents < 0 ? "−" + plain : plain
    }

    func euros(_ cents: Int64) -> String { cents < 0 ? signedEuros(cents) : ReportText(language).euros(cents) }

    func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "–" }
        return "\((part * 1000 / whole + 5) / 10) %"
    }
}
