import Foundation
import MitredenDomain

/// The mails of the response promise to staff, German first, plain and short. Kept apart
/// from ``MailTexts`` (the mails about an account) so each catalogue has one subject.
enum ResponseMailTexts {
    enum Key: String, Sendable, CaseIterable { case reminder, digest, escalation }

    static let catalogue: [Language: [Key: (subject: String, body: String)]] = [.de: german, .en: english]

    static let german: [Key: (subject: String, body: String)] = [
        .reminder: (
            "Mitreden: Antwort fällig am {due}",
            """
            Hallo {displayName},

            der Vorschlag „{title}“ (Beteiligung {campaign}) wartet auf die offizielle Antwort von
            {unit}. Versprochen ist sie bis zum {due}.

            Vorschlag: {proposal}
            """
        ),
        .digest: (
            "Mitreden: Ihre offenen Vorschläge ({count})",
            """
            Hallo {displayName},

            diese Vorschläge warten auf eine offizielle Antwort Ihrer Einheit (früheste Frist zuerst):

            {items}
            """
        ),
        .escalation: (
            "Mitreden: Antwort überfällig seit {due}",
            """
            Hallo {displayName},

            der Vorschlag „{title}“ (Beteiligung {campaign}) hat bis zum {due} keine offizielle
            Antwort von {unit} erhalten. Die versprochene Frist ist überschritten.

            Vorschlag: {proposal}
            """
        ),
    ]

    static let english: [Key: (subject: String, body: String)] = [
        .reminder: (
            "Mitreden: response due on {due}",
            """
            Hello {displayName},

            the proposal "{title}" (consultation {campaign}) awaits the official response of
            {unit}. It is promised by {due}.

            Proposal: {proposal}
            """
        ),
        .digest: (
            "Mitreden: your open proposals ({count})",
            """
            Hello {displayName},

            these proposals await an official response of your unit (earliest due first):

            {items}
            """
        ),
        .escalation: (
            "Mitreden: response overdue since {due}",
            """
            Hello {displayName},

            the proposal "{title}" (consultation {campaign}) has had no official response from
            {unit} by {due}. The promised time has passed.

            Proposal: {proposal}
            """
        ),
    ]

    static func render(_ key: Key, in language: Language, _ values: [String: String]) -> MailText {
        // Every key exists in every language (ResponseMailTextsTests); German is the fallback.
        MailText(template: catalogue[language]?[key] ?? german[key]!, values)
    }

    /// A day as readers of the language write it: `12.01.2027`, `2027-01-12`.
    static func day(_ day: CalendarDay, in language: Language) -> String {
        switch language {
        case .de: String(format: "%02d.%02d.%04d", day.day, day.month, day.year)
        case .en: day.description
        }
    }

    /// One line of a digest.
    static func digestLine(title: String, due: CalendarDay, overdue: Bool, in language: Language) -> String {
        let mark = overdue ? (language == .de ? " (überfällig)" : " (overdue)") : ""
        return "- \(day(due, in: language))\(mark): \(title)"
    }
}

/// A member of a unit who is mailed about its proposals.
struct StaffRecipient: Sendable {
    var account: Account.ID
    var email: String
    var displayName: String
    /// The account's own language: staff mails are written in it.
    var language: Language
}
