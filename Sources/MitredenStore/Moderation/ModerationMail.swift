import Foundation
import MitredenDomain

/// The mail an author gets about a moderation decision on their contribution, in the
/// author's language, from the mail catalogue (``MailTexts``).
enum ModerationMail {
    enum Content: Equatable {
        case proposal(title: String)
        case comment

        /// As the sentence's object ("die Moderation hat Ihren Vorschlag … veröffentlicht") and
        /// as the subject line's subject ("Ihr Vorschlag … ist veröffentlicht").
        func phrases(in language: Language) -> (object: String, subject: String) {
            switch (self, language) {
            case (.proposal(let title), .de): ("Ihren Vorschlag „\(title)“", "Ihr Vorschlag „\(title)“")
            case (.comment, .de): ("Ihren Kommentar", "Ihr Kommentar")
            case (.proposal(let title), .en): ("your proposal “\(title)”", "Your proposal “\(title)”")
            case (.comment, .en): ("your comment", "Your comment")
            }
        }
    }

    static func render(
        decision: ModerationDecision, content: Content, reason: ReasonCode?, note: String?, mergeInto: Proposal.ID?,
        displayName: String, in language: Language
    ) -> MailText {
        let key: MailTexts.Key =
            switch decision {
            case .approve: .contentPublished
            case .reject: .contentRemoved
            case .dismissFlags: .contentFlagsDismissed
            case .merge: .contentMerged
            }
        var details = ""
        if let reason {
            details += "\n\n" + MailTexts.render(.moderationReason, in: language, ["reason": reason.text(in: language)]).body
        }
        if let note, !note.isEmpty {
            details += "\n\n" + MailTexts.render(.moderationNote, in: language, ["note": note]).body
        }
        let (object, subject) = content.phrases(in: language)
        // `details` last: it holds the moderator's note, whose braces must not be read as placeholders.
        return MailTexts.render(
            key, in: language,
            [
                "displayName": displayName, "content": object, "Content": subject,
                "mergeInto": mergeInto?.uuidString.lowercased() ?? "",
            ]
        ).filling("details", with: details)
    }
}

extension MailText {
    /// This text with `{name}` replaced by `value`, which is not searched for placeholders.
    func filling(_ name: String, with value: String) -> MailText {
        MailText(
            subject: subject.replacingOccurrences(of: "{\(name)}", with: value),
            body: body.replacingOccurrences(of: "{\(name)}", with: value))
    }
}
