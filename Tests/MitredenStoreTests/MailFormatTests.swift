import Foundation
import Testing

@testable import MitredenStore

@Suite struct MailFormatTests {
    static func message(to recipient: String = "anna@example.org", subject: String = "Test", body: String = "Text") -> OutboxMessage {
        OutboxMessage(id: 7, recipient: recipient, subject: subject, body: body, attempts: 0)
    }

    /// The header block and the body of a rendered message.
    static func split(_ text: String) throws -> (headers: [String], body: String) {
        let parts = text.components(separatedBy: "\r\n\r\n")
        #expect(parts.count >= 2)
        return (parts[0].components(separatedBy: "\r\n"), parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// RFC 2047 B-words decoded and joined, as a mail client shows the header.
    static func decodedHeader(_ value: String) -> String {
        // Adjacent encoded-words join without the space between them; other folds unfold.
        var text = value.replacingOccurrences(of: "?=\r\n =?", with: "?==?").replacingOccurrences(of: "\r\n ", with: " ")
        while let start = text.range(of: "=?UTF-8?B?"), let end = text.range(of: "?=", range: start.upperBound..<text.endIndex) {
            let decoded = Data(base64Encoded: String(text[start.upperBound..<end.lowerBound])).flatMap { String(data: $0, encoding: .utf8) }
            text.replaceSubrange(start.lowerBound..<end.upperBound, with: decoded ?? "<undecodable>")
        }
        return text
    }

    /// RFC 2045 quoted-printable decoded (soft breaks joined, `=XX` as bytes).
    static func decodedQuotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let source = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "="), index + 2 < source.count,
                let byte = UInt8(String(decoding: source[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(byte)
                index += 3
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: [
        "anna@example.org", "o'brien+tag@example.org", "a.b-c_d@sub.example.co.uk", "jürgen@münchen.de", "x@xn--mnchen-3ya.de",
    ])
    func realAddressesPassTheStrictSyntax(address: String) {
        #expect(AccountRules.emailProblem(address) == nil)
    }

    @Test(arguments: [
        "buergermeister,attacker@evil.example", "a;b@example.org", "<a@example.org>", "a@example.org>", "\"a\"@example.org",
        "a\\b@example.org", "a:b@example.org", "a b@example.org", "a@example.org\r\nBcc: x@evil.example", "a\u{0}@example.org",
        "a\u{85}@example.org", "a\u{2028}@example.org", "a\u{202E}@example.org", "a@@example.org", "a@b@example.org", "@example.org",
        "a@", "a@localhost", "a@.example.org", "a@example.org.", "a@example..org", "a..b@example.org", ".a@example.org",
        "a.@example.org", "a@-x.example.org", "a@x-.example.org", "a(b)@example.org", "a@[127.0.0.1]", "a@exa mple.org",
        String(repeating: "a", count: 65) + "@example.org", "a@" + String(repeating: "b", count: 64) + ".org",
    ])
    func addressesThatMeanSomethingInAHeaderFailTheStrictSyntax(address: String) {
        #expect(AccountRules.emailProblem(address) != nil, "\(address.debugDescription)")
    }

    @Test func aRecipientFailingTheStrictSyntaxIsNeverRendered() {
        #expect(throws: MailError.self) {
            try MailFormat.render(Self.message(to: "buergermeister,attacker@evil.example"), from: "Mitreden <no-reply@example.org>")
        }
        #expect(throws: MailError.self) {
            try MailFormat.render(Self.message(to: "anna@example.org\r\nBcc: x@evil.example"), from: "Mitreden <no-reply@example.org>")
        }
    }

    @Test func nonASCIIHeadersAreEncodedWordsThatDecodeToTheText() throws {
        let subject = "Ihr Vorschlag „Grünfläche am Dom“: veröffentlicht – mit Bänken, Bäumen und einem Brunnen für alle 🌳"
        let text = try MailFormat.render(Self.message(subject: subject), from: "Stadt Köln, Bürgerbeteiligung <beteiligung@koeln.example>")
        let (headers, _) = try Self.split(text)
        // Seven-bit header lines under 78 characters (RFC 5322 2.1.1).
        for line in headers {
            #expect(line.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }, "\(line)")
            #expect(line.count <= 78, "\(line)")
        }
        let block = headers.joined(separator: "\r\n")
        let subjectValue = try #require(block.components(separatedBy: "Subject: ").last?.components(separatedBy: "\r\nMIME-Version").first)
        #expect(subjectValue.hasPrefix("=?UTF-8?B?"))
        #expect(Self.decodedHeader(subjectValue) == subject)
        let from = try #require(block.components(separatedBy: "From: ").last?.components(separatedBy: "\r\nTo: ").first)
        #expect(from.hasPrefix("=?UTF-8?B?"))
        #expect(Self.decodedHeader(from) == "Stadt Köln, Bürgerbeteiligung <beteiligung@koeln.example>")
    }

    @Test func asciiNamesStayReadableAndSpecialsAreQuoted() {
        #expect(MailFormat.sender("Mitreden <no-reply@localhost>") == "Mitreden <no-reply@localhost>")
        #expect(MailFormat.sender("no-reply@localhost") == "no-reply@localhost")
        #expect(MailFormat.sender("Stadt Hamburg, Bezirk Mitte <b@example.org>") == "\"Stadt Hamburg, Bezirk Mitte\" <b@example.org>")
        #expect(MailFormat.unstructured("Plain subject\r\nBcc: x@evil.example") == "Plain subject  Bcc: x@evil.example")
    }

    @Test func noLineOfTheMessageIsALoneDotOrStartsWithFrom() throws {
        let body =
            "Zeile eins\n.\nFrom here on\n..\n. \nEnde mit Leerzeichen \n" + String(repeating: "ä", count: 30) + "."
            + String(repeating: "x", count: 80)
        let text = try MailFormat.render(Self.message(body: body), from: "Mitreden <no-reply@example.org>")
        let lines = text.components(separatedBy: "\r\n")
        #expect(!lines.contains("."), "a lone dot ends sendmail's input without -i")
        #expect(!lines.contains { $0.hasPrefix(".") || $0.hasPrefix("From ") })
        #expect(lines.allSatisfy { $0.count <= 76 && $0.unicodeScalars.allSatisfy(\.isASCII) })
        #expect(text.contains("Content-Transfer-Encoding: quoted-printable\r\n"))
        let (_, encoded) = try Self.split(text)
        #expect(Self.decodedQuotedPrintable(encoded) == body.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n")
    }

    @Test func theSendmailCommandDoesNotRunForARefusedRecipient() async throws {
        let file = FileManager.default.temporaryDirectory.appending(path: "mitreden-mail-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        await #expect(throws: MailError.self) {
            try await SendmailTransport(command: ["/bin/sh", "-c", "cat > \(file)"])
                .send(Self.message(to: "buergermeister,attacker@evil.example"), from: "x@example.org")
        }
        #expect(!FileManager.default.fileExists(atPath: file))
    }
}
