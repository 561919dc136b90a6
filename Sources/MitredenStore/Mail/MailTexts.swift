import Foundation
import MitredenDomain

/// A mail ready for the outbox: its subject and plain-text body.
struct MailText: Sendable, Equatable {
    var subject: String
    var body: String
}

extension MailText {
    /// A catalogue entry with its `{name}` placeholders filled in; every mail catalogue
    /// (accounts, moderation, response reminders) renders through this.
    init(template: (subject: String, body: String), _ values: [String: String]) {
        var (subject, body) = template
        for (name, value) in values {
            subject = subject.replacingOccurrences(of: "{\(name)}", with: value)
            body = body.replacingOccurrences(of: "{\(name)}", with: value)
        }
        self.init(subject: subject, body: body)
    }
}

/// The mails the service sends about an account, in every language it speaks (German
/// first). One catalogue per language, keyed alike; placeholders in braces are filled in by
/// ``MailTexts/render(_:in:_:)``. No text contains the recipient's address.
enum MailTexts {
    enum Key: String, Sendable, CaseIterable {
        case verification, alreadyRegistered, passwordReset, passwordChanged, emailChangeConfirmation, emailChanged
        /// A moderation decision about the recipient's proposal or comment.
        case contentPublished, contentRemoved, contentFlagsDismissed, contentMerged
        /// Lines added to a decision's mail (no subject of their own).
        case moderationReason, moderationNote
    }

    static let catalogue: [Language: [Key: (subject: String, body: String)]] = [.de: german, .en: english]

    static let german: [Key: (subject: String, body: String)] = [
        .verification: (
            "Mitreden: Bitte bestätigen Sie Ihre E-Mail-Adresse",
            """
            Hallo {displayName},

            bitte bestätigen Sie Ihre E-Mail-Adresse innerhalb von {hours} Stunden mit diesem Code:

                {token}

            Wenn Sie sich nicht bei Mitreden registriert haben, ignorieren Sie diese Mail; das Konto bleibt inaktiv.
            """
        ),
        .alreadyRegistered: (
            "Mitreden: Jemand wollte sich mit Ihrer Adresse registrieren",
            """
            Hallo,

            jemand wollte mit dieser E-Mail-Adresse ein neues Mitreden-Konto anlegen, doch zu ihr
            gibt es schon ein Konto. Wenn Sie es waren, melden Sie sich einfach an; wenn Sie Ihr
            Passwort vergessen haben, setzen Sie es zurück. Wenn nicht, müssen Sie nichts tun: Es
            wurde kein zweites Konto angelegt.
            """
        ),
        .passwordReset: (
            "Mitreden: Ihr Passwort zurücksetzen",
            """
            Hallo {displayName},

            mit diesem Code setzen Sie innerhalb von {minutes} Minuten ein neues Passwort:

                {token}

            Der Code gilt einmal. Danach sind Sie auf allen Geräten abgemeldet. Wenn Sie das nicht
            angefordert haben, ignorieren Sie diese Mail; Ihr Passwort bleibt, wie es ist.
            """
        ),
        .passwordChanged: (
            "Mitreden: Ihr Passwort wurde geändert",
            """
            Hallo {displayName},

            das Passwort Ihres Mitreden-Kontos wurde eben geändert. Wenn Sie das nicht waren,
            setzen Sie es sofort über „Passwort vergessen“ zurück und wenden Sie sich an die
            Beteiligungsstelle.
            """
        ),
        .emailChangeConfirmation: (
            "Mitreden: Bitte bestätigen Sie Ihre neue E-Mail-Adresse",
            """
            Hallo {displayName},

            Ihr Mitreden-Konto soll künftig diese Adresse verwenden. Bestätigen Sie sie innerhalb
            von {hours} Stunden mit diesem Code:

                {token}

            Wenn Sie das nicht angefordert haben, ignorieren Sie diese Mail; es ändert sich nichts.
            """
        ),
        .emailChanged: (
            "Mitreden: Ihre E-Mail-Adresse wurde geändert",
            """
            Hallo {displayName},

            Ihr Mitreden-Konto verwendet ab jetzt eine andere E-Mail-Adresse ({newAddress}). Mails
            erhalten Sie nur noch dort. Wenn Sie das nicht waren, wenden Sie sich sofort an die
            Beteiligungsstelle.
            """
        ),
        .contentPublished: (
            "Mitreden: {Content} ist veröffentlicht",
            """
            Hallo {displayName},

            die Moderation hat {content} veröffentlicht.{details}
            """
        ),
        .contentRemoved: (
            "Mitreden: {Content} wurde entfernt",
            """
            Hallo {displayName},

            die Moderation hat {content} entfernt, weil der Beitrag gegen die Netiquette verstößt.{details}
            """
        ),
        .contentFlagsDismissed: (
            "Mitreden: Meldungen zu {content} geprüft",
            """
            Hallo {displayName},

            die Moderation hat Meldungen zu {content} geprüft und nichts beanstandet; der Beitrag
            bleibt sichtbar.{details}
            """
        ),
        .contentMerged: (
            "Mitreden: {Content} wurde zusammengeführt",
            """
            Hallo {displayName},

            die Moderation hat {content} mit einem ähnlichen Vorschlag zusammengeführt ({mergeInto}).
            Er bleibt lesbar und verweist auf diesen.{details}
            """
        ),
        .moderationReason: ("", "Grund: {reason}"),
        .moderationNote: ("", "Hinweis der Moderation: {note}"),
    ]

    static let english: [Key: (subject: String, body: String)] = [
        .verification: (
            "Mitreden: confirm your e-mail address",
            """
            Hello {displayName},

            please confirm your e-mail address with this code within {hours} hours:

                {token}

            If you did not register with Mitreden, ignore this mail; the account stays inactive.
            """
        ),
        .alreadyRegistered: (
            "Mitreden: someone tried to register with your address",
            """
            Hello,

            someone tried to register a new Mitreden account with this e-mail address, which
            already has an account. If it was you, log in instead, or reset your password if you
            forgot it. If not, you need not do anything: no second account was created.
            """
        ),
        .passwordReset: (
            "Mitreden: reset your password",
            """
            Hello {displayName},

            use this code within {minutes} minutes to set a new password:

                {token}

            The code works once. Afterwards you are logged out on every device. If you did not
            ask for this, ignore this mail; your password stays as it is.
            """
        ),
        .passwordChanged: (
            "Mitreden: your password was changed",
            """
            Hello {displayName},

            the password of your Mitreden account was just changed. If it was not you, reset it
            at once with "forgot password" and contact the participation office.
            """
        ),
        .emailChangeConfirmation: (
            "Mitreden: confirm your new e-mail address",
            """
            Hello {displayName},

            your Mitreden account is to use this address from now on. Confirm it within {hours}
            hours with this code:

                {token}

            If you did not ask for this, ignore this mail; nothing changes.
            """
        ),
        .emailChanged: (
            "Mitreden: your e-mail address was changed",
            """
            Hello {displayName},

            your Mitreden account now uses another e-mail address ({newAddress}). Mail goes only
            there from now on. If it was not you, contact the participation office at once.
            """
        ),
        .contentPublished: (
            "Mitreden: {Content} is published",
            """
            Hello {displayName},

            the moderators have published {content}.{details}
            """
        ),
        .contentRemoved: (
            "Mitreden: {Content} was removed",
            """
            Hello {displayName},

            the moderators have removed {content} because it breaks the netiquette.{details}
            """
        ),
        .contentFlagsDismissed: (
            "Mitreden: reports about {content} reviewed",
            """
            Hello {displayName},

            the moderators have reviewed reports about {content} and found nothing wrong; it
            stays visible.{details}
            """
        ),
        .contentMerged: (
            "Mitreden: {Content} was merged",
            """
            Hello {displayName},

            the moderators have merged {content} into a similar proposal ({mergeInto}). It stays
            readable with a link to it.{details}
            """
        ),
        .moderationReason: ("", "Reason: {reason}"),
        .moderationNote: ("", "Note from the moderators: {note}"),
    ]

    /// The mail `key` in `language` with its placeholders filled in.
    static func render(_ key: Key, in language: Language, _ values: [String: String] = [:]) -> MailText {
        // Every key exists in every language (MailCatalogueTests); German is the fallback.
        MailText(template: catalogue[language]?[key] ?? german[key]!, values)
    }

    static func verification(displayName: String, token: String, lifetime: TimeInterval, in language: Language) -> MailText {
        render(.verification, in: language, ["displayName": displayName, "token": token, "hours": String(Int(lifetime / 3600))])
    }

    /// An address shown to its former owner: enough to recognise, not the whole of it
    /// (`p***@example.org`).
    static func masked(_ address: String) -> String {
        guard let at = address.firstIndex(of: "@"), let first = address.first else { return "***" }
        return "\(first)***\(address[at...])"
    }
}

extension Outbox {
    /// Queues a rendered mail.
    static func enqueue(_ mail: MailText, to recipient: String, account: Account.ID?, now: Date, on db: some SQLExecutor) async throws {
        try await enqueue(to: recipient, account: account, subject: mail.subject, body: mail.body, now: now, on: db)
    }
}
