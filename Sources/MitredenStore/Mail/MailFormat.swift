import Foundation
import MitredenDomain

/// Turns an outbox message into the RFC 5322 text handed to the mail command. Headers are
/// 7-bit: non-ASCII text (German subjects, a sender like `Stadt Köln`) becomes RFC 2047
/// encoded-words. The body is quoted-printable, so no line of it can be a lone `.` (which
/// ends the input of a sendmail run without `-i`) or begin with `From ` (which mbox
/// mangles), whatever the participant wrote; both decode to exactly the original text.
enum MailFormat {
    /// The message text, or an error when the recipient is not an address that
    /// ``AccountRules/emailProblem(_:)`` accepts: a stored address from before the strict
    /// rule could otherwise add recipients or headers.
    static func render(_ message: OutboxMessage, from: String) throws(MailError) -> String {
        guard AccountRules.emailProblem(message.recipient) == nil else {
            // Not the address itself: this text is logged and stored in the outbox row.
            throw MailError("refused to send outbox message \(message.id): its recipient is not a valid e-mail address")
        }
        return "From: \(sender(from))\r\n" + "To: \(message.recipient)\r\n" + "Subject: \(unstructured(message.subject))\r\n"
            + "MIME-Version: 1.0\r\n" + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n" + "\r\n" + quotedPrintable(message.body) + "\r\n"
    }

    /// `Name <address>` or a bare address, with the name encoded or quoted as it needs.
    static func sender(_ from: String) -> String {
        let trimmed = from.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else { return trimmed }
        var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
        let address = String(trimmed[open...])
        guard !name.isEmpty else { return address }
        let encoded = phrase(name)
        // Folded before the address when `From: ` + name + address would pass 78 characters.
        let lastLine = encoded.components(separatedBy: "\r\n").last ?? encoded
        let fits = (encoded == lastLine ? 6 : 0) + lastLine.count + 1 + address.count <= 78
        return encoded + (fits ? " " : "\r\n ") + address
    }

    /// A display name: as it is when it is plain words, quoted when it holds header
    /// specials (`Stadt Hamburg, Bezirk Mitte`), encoded when it is not printable ASCII.
    static func phrase(_ text: String) -> String {
        guard isPrintableASCII(text) else { return encodedWords(text) }
        let plain = text.unicodeScalars.allSatisfy {
            $0 == " " || $0.properties.isAlphabetic || ("0"..."9").contains($0) || "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains($0)
        }
        if plain { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Unstructured header text (the subject): on one line, encoded unless printable ASCII.
    static func unstructured(_ text: String) -> String {
        let oneLine = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        return isPrintableASCII(oneLine) ? oneLine : encodedWords(oneLine)
    }

    private static func isPrintableASCII(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }
    }

    /// RFC 2047 `=?UTF-8?B?…?=` words of at most 39 bytes of text each (64 characters, so a
    /// header line stays under 78), split between code points, never inside one; folded
    /// onto continuation lines. Decoders join adjacent words without the space between.
    static func encodedWords(_ text: String) -> String {
        var words: [[UInt8]] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > 39 {
                words.append(chunk)
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?" + Data($0).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }

    /// RFC 2045 quoted-printable with CRLF line breaks and lines of at most 76 characters.
    static func quotedPrintable(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return normalized.split(separator: "\n", omittingEmptySubsequences: false).map { encodeLine(Array($0.utf8)) }
            .joined(separator: "\r\n")
    }

    private static func encodeLine(_ bytes: [UInt8]) -> String {
        var lines: [String] = []
        var current = ""
        for index in bytes.indices {
            var token = token(bytes, at: index, atLineStart: current.isEmpty)
            // 75 leaves room for the `=` of a soft line break.
            if current.count + token.count > 75 {
                lines.append(current + "=")
                current = ""
                token = self.token(bytes, at: index, atLineStart: true)
            }
            current += token
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }

    private static func token(_ bytes: [UInt8], at index: Int, atLineStart: Bool) -> String {
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: "F"):
            let dangerous = atLineStart && (byte == UInt8(ascii: ".") || bytes[index...].starts(with: Array("From ".utf8)))
            return dangerous ? hex(byte) : String(UnicodeScalar(byte))
        case 0x21...0x3C, 0x3E...0x7E:
            return String(UnicodeScalar(byte))
        case 0x20, 0x09:
            // Whitespace at the end of a line is stripped by some transports: encode it.
            return index == bytes.count - 1 ? hex(byte) : String(UnicodeScalar(byte))
        default:
            return hex(byte)
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
