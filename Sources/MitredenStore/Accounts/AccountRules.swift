import Foundation
import MitredenDomain

/// The rules for the fields of an account, each failure naming its field, so a form can
/// show every problem at once.
enum AccountRules {
    static let displayNameLimit = 40
    static let displayNameBytes = 160

    /// Trimmed and lower-cased: `Anna@Example.org ` and `anna@example.org` are one account.
    static func normalizedEmail(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// A strict subset of RFC 5322's `dot-atom@domain`: what real addresses use, and
    /// nothing that means something in a mail header. A `,` or `;` would add recipients
    /// (`buergermeister,attacker@evil.example`), `<`, `>`, `:`, quotes, parentheses and the
    /// backslash change how a header is parsed, and whitespace or controls could end the
    /// header and start another. The mail transport checks recipients again with it.
    static func emailProblem(_ email: String) -> String? {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.unicodeScalars.count <= 254, parts.count == 2, isDotAtom(parts[0], allowed: isLocalCharacter),
            parts[0].unicodeScalars.count <= 64, isDomain(parts[1])
        else { return "is not an e-mail address (like name@example.org, without spaces, commas, quotes or brackets)" }
        return nil
    }

    /// RFC 5322 `atext`: letters, digits and ``!#$%&'*+-/=?^_`{|}~``; letters beyond ASCII
    /// are kept for internationalised addresses (RFC 6531).
    private static func isLocalCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(scalar)
        }
        return isInternationalLetterOrDigit(scalar)
    }

    private static func isInternationalLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .nonspacingMark, .spacingMark,
            .decimalNumber:
            true
        default: false
        }
    }

    /// Atoms of allowed characters joined by single dots.
    private static func isDotAtom(_ text: Substring, allowed: (Unicode.Scalar) -> Bool) -> Bool {
        let atoms = text.split(separator: ".", omittingEmptySubsequences: false)
        return atoms.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy(allowed) }
    }

    /// At least two dot-separated labels of letters, digits and inner hyphens, each at most 63.
    private static func isDomain(_ text: Substring) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2
            && labels.allSatisfy { label in
                (1...63).contains(label.unicodeScalars.count) && label.first != "-" && label.last != "-"
                    && label.unicodeScalars.allSatisfy {
                        $0 == "-" || ($0.isASCII ? ($0.properties.isAlphabetic || ("0"..."9").contains($0)) : isInternationalLetterOrDigit($0))
                    }
            }
    }

    static func passwordProblem(_ password: String) -> String? {
        if password.count < 10 { return "must have at least 10 characters" }
        if password.codePoints > 256 { return "must have at most 256 characters" }
        if CommonPasswords.contains(password) { return "is one of the most common passwords; choose another" }
        return nil
    }

    static func displayNameProblem(_ name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed != name { return "must not start or end with spaces" }
        // Code points and bytes, not Characters: see `codePoints`. 40 code points take at
        // most 160 bytes in UTF-8; the byte bound states it for whoever raises the first.
        if name.codePoints < 3 || name.codePoints > displayNameLimit || name.utf8.count > displayNameBytes {
            return "must have 3 to \(displayNameLimit) characters (Unicode code points) and at most \(displayNameBytes) bytes in UTF-8"
        }
        if name.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) {
            return "must not contain control characters"
        }
        // The pseudonym is public; an address in it would publish what we promise to hide.
        if name.contains("@") { return "must not look like an e-mail address" }
        return nil
    }

    static func districtProblem(_ district: String) -> String? {
        let trimmed = district.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.codePoints > 80 { return "must have 1 to 80 characters" }
        return nil
    }

    /// Every problem of a registration, empty when valid.
    static func registrationProblems(email: String, password: String, displayName: String, district: String?) -> [FieldProblem] {
        var errors: [FieldProblem] = []
        if let problem = emailProblem(normalizedEmail(email)) { errors.append(.init(field: "email", message: problem)) }
        if let problem = passwordProblem(password) { errors.append(.init(field: "password", message: problem)) }
        if let problem = displayNameProblem(displayName) { errors.append(.init(field: "displayName", message: problem)) }
        if let district, let problem = districtProblem(district) { errors.append(.init(field: "district", message: problem)) }
        return errors
    }
}
