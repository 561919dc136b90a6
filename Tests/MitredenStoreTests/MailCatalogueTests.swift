import Foundation
import MitredenDomain
import Testing

@testable import MitredenStore

/// Every mail exists in every language, with the same placeholders, and none is left unfilled.
@Suite struct MailCatalogueTests {
    static func placeholders(_ text: String) -> Set<String> {
        var found: Set<String> = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            found.insert(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return found
    }

    @Test(arguments: MailTexts.Key.allCases)
    func everyKeyIsInEveryLanguageWithTheSamePlaceholders(key: MailTexts.Key) throws {
        let german = try #require(MailTexts.catalogue[.de]?[key])
        for language in Language.allCases {
            let text = try #require(MailTexts.catalogue[language]?[key], "\(key) missing in \(language)")
            #expect(Self.placeholders(text.subject + text.body) == Self.placeholders(german.subject + german.body), "\(key) in \(language)")
            // The lines added to a decision's mail have no subject of their own.
            let isLine = key == .moderationReason || key == .moderationNote
            #expect(text.subject.isEmpty == isLine && !text.body.isEmpty)
        }
    }

    @Test func aRenderedMailHasNoPlaceholderLeft() {
        let values = [
            "displayName": "Paula", "token": "CODE", "hours": "48", "minutes": "60", "newAddress": "p***@example.org",
            "content": "Ihr Kommentar", "Content": "Ihr Kommentar", "details": "", "mergeInto": "https://…", "reason": "Spam",
            "note": "Bitte sachlich bleiben.",
        ]
        for language in Language.allCases {
            for key in MailTexts.Key.allCases {
                let mail = MailTexts.render(key, in: language, values)
                #expect(Self.placeholders(mail.subject + mail.body).isEmpty, "\(key) in \(language)")
            }
        }
    }

    @Test func theRequestsLanguageIsChosenByQualityGermanFirst() {
        #expect(Language.preferred(byAcceptLanguage: nil) == .de)
        #expect(Language.preferred(byAcceptLanguage: "en") == .en)
        #expect(Language.preferred(byAcceptLanguage: "fr-FR, en;q=0.8, de;q=0.9") == .de)
        #expect(Language.preferred(byAcceptLanguage: "de;q=0.1, en-US;q=0.7") == .en)
        #expect(Language.preferred(byAcceptLanguage: "en;q=0, fr") == .de)
        #expect(Language.preferred(byAcceptLanguage: "*") == .de)
    }

    @Test func aModerationMailNamesTheContentAndTheReasonInTheRecipientsLanguage() {
        let german = ModerationMail.render(
            decision: .reject, content: .proposal(title: "Mehr Bänke"), reason: .offTopic, note: "Bitte beim Thema bleiben.",
            mergeInto: nil, displayName: "Paula", in: .de)
        #expect(german.subject == "Mitreden: Ihr Vorschlag „Mehr Bänke“ wurde entfernt")
        #expect(german.body.contains("Hallo Paula") && german.body.contains("Ihren Vorschlag „Mehr Bänke“"))
        #expect(german.body.contains("Grund: gehört nicht zum Thema") && german.body.contains("Hinweis der Moderation: Bitte beim Thema bleiben."))
        #expect(!german.body.contains("off_topic"))
        let english = ModerationMail.render(
            decision: .approve, content: .comment, reason: nil, note: nil, mergeInto: nil, displayName: "Paula", in: .en)
        #expect(english.subject == "Mitreden: Your comment is published")
        #expect(english.body.contains("published your comment.") && !english.body.contains("Reason"))
    }

    @Test func anAddressIsMaskedForItsFormerOwner() {
        #expect(MailTexts.masked("paula.neu@example.org") == "p***@example.org")
    }
}

/// The response promise's mails to staff exist in both languages with the same placeholders.
@Suite struct ResponseMailTextsTests {
    @Test(arguments: ResponseMailTexts.Key.allCases)
    func everyKeyIsInEveryLanguageWithTheSamePlaceholders(key: ResponseMailTexts.Key) throws {
        let german = try #require(ResponseMailTexts.catalogue[.de]?[key])
        for language in Language.allCases {
            let text = try #require(ResponseMailTexts.catalogue[language]?[key], "\(key) missing in \(language)")
            #expect(
                MailCatalogueTests.placeholders(text.subject + text.body) == MailCatalogueTests.placeholders(german.subject + german.body),
                "\(key) in \(language)")
        }
        let values = [
            "displayName": "Olga", "title": "Bänke", "campaign": "Domplatz", "unit": "Bezirksamt", "due": "07.01.2027",
            "proposal": "id", "count": "2", "items": "- 07.01.2027: Bänke",
        ]
        for language in Language.allCases {
            let mail = ResponseMailTexts.render(key, in: language, values)
            #expect(MailCatalogueTests.placeholders(mail.subject + mail.body).isEmpty)
        }
        #expect(ResponseMailTexts.render(key, in: .en, values).subject.hasPrefix("Mitreden: "))
    }
}
