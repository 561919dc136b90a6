import Foundation

/// The languages Mitreden speaks to citizens: German first (the city's language), English
/// when a citizen prefers it.
public enum Language: String, Sendable, CaseIterable {
    case de, en

    /// The language a request prefers by its `Accept-Language` (RFC 9110 §12.5.4): the
    /// listed languages we speak, by quality, the first listed winning a tie; German when
    /// the header is absent or names none of ours.
    public static func preferred(byAcceptLanguage header: String?) -> Language {
        named(byAcceptLanguage: header) ?? .de
    }

    /// The language `Accept-Language` asks for among ours; nil when the header is absent or
    /// names none of them (then the account's own language decides).
    public static func named(byAcceptLanguage header: String?) -> Language? {
        guard let header else { return nil }
        var best: (language: Language, quality: Double)?
        for range in header.split(separator: ",").prefix(32) {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased(), !tag.isEmpty else { continue }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            guard quality > 0, let language = Language(rawValue: primary) else { continue }
            if best == nil || quality > best!.quality { best = (language, quality) }
        }
        return best?.language
    }
}

/// The council report speaks the same two languages.
public typealias ReportLanguage = Language
