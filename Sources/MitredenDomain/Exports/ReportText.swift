import Foundation

/// The report's words in the reader's language: the fixed words from the language's
/// catalogue (``ReportWords``, read as `t.participants`), numbers, money and dates in that
/// language's conventions, and the sentences that carry values.
@dynamicMemberLookup
struct ReportText {
    let language: ReportLanguage
    let words: ReportWords
    init(_ language: ReportLanguage) {
        self.language = language
        words = language == .de ? .german : .english
    }

    subscript(dynamicMember key: KeyPath<ReportWords, String>) -> String { words[keyPath: key] }

    /// Sentences with values exist in both languages side by side, where one reads the other.
    func pick(_ de: String, _ en: String) -> String { language == .de ? de : en }

    func kindName(_ kind: String) -> String { kind == "budget" ? words.kindBudget : words.kindDialogue }
    func phaseName(_ kind: String) -> String { words.phaseNames[kind] ?? kind }
    func responseName(_ status: String) -> String { words.responseNames[status] ?? ReportRenderer.escape(status) }

    /// The method in words; its code goes in a footnote (``ReportFootnotes``).
    func methodName(_ method: String) -> String { words.methodNames[method] ?? ReportRenderer.escape(method) }

    func reasonName(_ reason: String) -> String {
        let parts = reason.split(separator: ":", maxSplits: 1).map(String.init)
        let decision = words.decisionNames[parts[0]] ?? parts[0]
        guard parts.count == 2 else { return ReportRenderer.escape(decision) }
        let reason = ReasonCode(rawValue: parts[1])?.text(in: language) ?? parts[1].replacingOccurrences(of: "_", with: " ")
        return ReportRenderer.escape("\(decision) – \(reason)")
    }

    /// Plain words about how winners were chosen, for council members who are not mathematicians.
    func methodExplanation(_ method: String) -> String {
        if method.hasPrefix("greedy") { return words.methodExplanations["greedy"] ?? "" }
        if method.hasPrefix("mes") { return words.methodExplanations["mes"] ?? "" }
        return words.methodExplanations[method] ?? methodName(method)
    }

    /// A whole number with the language's thousands separator: 40.000 / 40,000.
    func n(_ value: Int) -> String { grouped(Int64(value)) }

    func grouped(_ value: Int64) -> String {
        var digits = String(value.magnitude)
        var grouped = ""
        while digits.count > 3 {
            grouped = words.thousandsSeparator + digits.suffix(3) + grouped
            digits = String(digits.dropLast(3))
        }
        return (value < 0 ? "−" : "") + digits + grouped
    }

    /// An exact decimal (points) with the language's separators.
    func decimalText(_ text: String) -> String {
        let parts = text.split(separator: ".", maxSplits: 1)
        guard let whole = Int64(parts.first ?? "") else { return ReportRenderer.escape(text) }
        let fraction = parts.count == 2 ? parts[1].replacingOccurrences(of: "0+$", with: "", options: .regularExpression) : ""
        return grouped(whole) + (fraction.isEmpty ? "" : words.decimalSeparator + fraction)
    }

    func euros(_ cents: Int64) -> String {
        let whole = grouped(cents / 100), rest = abs(cents % 100)
        let decimals = rest == 0 ? "" : words.decimalSeparator + (rest < 10 ? "0" : "") + String(rest)
        return language == .de ? "\(whole)\(decimals) €" : "€\(whole)\(decimals)"
    }

    func percent(_ value: Int) -> String { language == .de ? "\(value) %" : "\(value)%" }

    func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Europe/Berlin")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = language == .de ? "dd.MM.yyyy" : "d MMM yyyy"
        return formatter.string(from: date)
    }

    /// Short form for chart axes.
    func shortDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Europe/Berlin")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = language == .de ? "dd.MM." : "d MMM"
        return formatter.string(from: date)
    }

    func dateTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Europe/Berlin")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = language == .de ? "dd.MM.yyyy HH:mm 'Uhr'" : "d MMM yyyy, HH:mm"
        return formatter.string(from: date)
    }

    func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "–" }
        if seconds < 3600 { return "\(Int((seconds / 60).rounded())) min" }
        if seconds < 172_800 { return "\(Int((seconds / 3600).rounded())) h" }
        return "\(Int((seconds / 86_400).rounded())) " + pick("Tage", "days")
    }

    func shortfall(_ shortfall: Shortfall?) -> String {
        guard let shortfall else { return "–" }
        if let cents = shortfall.cents { return euros(cents) }
        if let supporters = shortfall.supporters { return "\(n(supporters)) \(words.supportersShort)" }
        return "–"
    }

    func summaryBudget(funded: Int, projects: Int, spent: Int64, budget: Int64, ballots: Int) -> String {
        pick(
            "\(n(ballots)) Stimmzettel; \(n(funded)) von \(n(projects)) Vorschlägen gefördert, \(euros(spent)) von \(euros(budget)) vergeben.",
            "\(n(ballots)) ballots; \(n(funded)) of \(n(projects)) proposals funded, \(euros(spent)) of \(euros(budget)) allocated.")
    }

    func summaryDialogue(proposals: Int, top: String?, contested: Int) -> String {
        var text = pick("\(n(proposals)) veröffentlichte Vorschläge.", "\(n(proposals)) published proposals.")
        if let top { text += " " + pick("Vorne: „\(top)“.", "Leading: “\(top)”.") }
        if contested > 0 {
            text += " " + pick("\(n(contested)) davon umstritten.", "\(n(contested)) of them contested.")
        }
        return text
    }

    func pageFooter(campaign: String, snapshot: Date) -> String {
        "\(campaign) · \(words.dataAsOf) \(dateTime(snapshot))"
    }
}
