import Foundation

/// The words of error answers (problem titles, details, field messages) in the languages
/// Mitreden speaks. The code writes its messages in English, as the gettext tradition does;
/// the German catalogue (`ProblemTexts+German.swift`) maps each English message template to
/// its German text, and the answer is translated as it is rendered. A message the catalogue
/// does not know stays English (a test keeps the catalogue complete for the messages written
/// in the code).
public enum ProblemTexts {
    /// `english` in `language`.
    public static func text(_ english: String, in language: Language) -> String {
        guard language == .de else { return english }
        return german(english, nested: false) ?? english
    }

    /// A message may carry another as a value ("unknown query parameter 'x': this operation
    /// takes …"): a value with a space in it is looked up too, one level deep.
    static func german(_ english: String, nested: Bool) -> String? {
        german[english] ?? Template.all.lazy.compactMap { $0.render(english, nested: nested) }.first
    }

    /// Whether the catalogue has German for `english`.
    public static func hasGerman(for english: String) -> Bool {
        german(english, nested: false) != nil
    }

    /// A catalogue entry with inserted values: its English text as a pattern, its German text
    /// with `{}` (values in order) or `{1}`, `{2}`, … (values reordered).
    struct Template: Sendable {
        let pattern: NSRegularExpression
        let german: String

        /// The longest English texts first, so a specific template wins over a general one.
        static let all: [Template] = ProblemTexts.german
            .filter { $0.key.contains("{}") && $0.key != "{}" && $0.key != "{}: {}" }
            .sorted { ($0.key.count, $0.key) > ($1.key.count, $1.key) }
            .compactMap { Template(english: $0.key, german: $0.value) }

        init?(english: String, german: String) {
            let parts = english.components(separatedBy: "{}").map(NSRegularExpression.escapedPattern(for:))
            guard let pattern = try? NSRegularExpression(pattern: "^" + parts.joined(separator: "(.*?)") + "$", options: [.dotMatchesLineSeparators])
            else { return nil }
            self.pattern = pattern
            self.german = german
        }

        /// `template` with `{}` replaced by the values in order and `{n}` by the n-th, in one
        /// pass, so a value that itself contains braces is never read as a slot.
        static func fill(_ template: String, with values: [String]) -> String {
            var result = ""
            var next = 0
            var rest = template[...]
            while let open = rest.firstIndex(of: "{") {
                result += rest[..<open]
                let afterOpen = rest.index(after: open)
                if let close = rest[afterOpen...].firstIndex(of: "}"),
                    let number = rest[afterOpen..<close].isEmpty ? next + 1 : Int(rest[afterOpen..<close]),
                    values.indices.contains(number - 1)
                {
                    result += values[number - 1]
                    if rest[afterOpen..<close].isEmpty { next += 1 }
                    rest = rest[rest.index(after: close)...]
                } else {
                    result += "{"
                    rest = rest[afterOpen...]
                }
            }
            return result + rest
        }

        func render(_ english: String, nested: Bool) -> String? {
            let range = NSRange(english.startIndex..., in: english)
            guard let match = pattern.firstMatch(in: english, range: range) else { return nil }
            let values = (1..<match.numberOfRanges).map { index -> String in
                guard let range = Range(match.range(at: index), in: english) else { return "" }
                let value = String(english[range])
                if let word = ProblemTexts.germanValues[value] { return word }
                guard !nested, value.contains(" ") else { return value }
                return ProblemTexts.german(value, nested: true) ?? value
            }
            return Self.fill(german, with: values)
        }
    }
}
