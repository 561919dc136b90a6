import Foundation
import Logging
import MitredenDomain

/// Keeps secrets out of the log: metadata keys named like a secret, and fields named like
/// one inside logged text (JSON, Swift's description of a value, header lines), have their
/// values replaced by `[redacted]`. A safety net under the rule that request bodies are
/// never logged: whatever slips through still loses its passwords and tokens.
public enum LogRedaction {
    public static let placeholder = "[redacted]"

    /// Parts of a name that mark its value as secret, compared without case, `_` or `-`
    /// (`passwordHash`, `X-Api-Key`, `session_token`, `Set-Cookie`).
    static let secretWords = [
        "password", "passwort", "passwd", "passphrase", "secret", "token", "authorization", "cookie", "credential", "apikey", "privatekey",
        // The second factor (issue 13): one-time codes, recovery codes, the URI carrying the secret.
        "totp", "recoverycode", "provisioninguri",
    ]

    /// The same words as a pattern, allowing `_` or `-` inside the compound ones.
    private static let secretName =
        "[A-Za-z0-9_.-]*(?:passwor[dt]|passwd|passphrase|secret|token|authorization|cookie|credential|api[_-]?key|private[_-]?key|totp|recovery[_-]?code|provisioning[_-]?uri)[A-Za-z0-9_.-]*"

    /// Whether a metadata key or field name names a secret.
    public static func isSecret(key: String) -> Bool {
        let folded = key.lowercased().filter { $0.isLetter || $0.isNumber }
        return secretWords.contains { folded.contains($0) }
    }

    /// `metadata` with secret-named keys replaced and secret fields inside values redacted.
    public static func redact(_ metadata: Logger.Metadata) -> Logger.Metadata {
        metadata.reduce(into: [:]) { result, entry in
            result[entry.key] = isSecret(key: entry.key) ? .string(placeholder) : redact(entry.value)
        }
    }

    static func redact(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case .string(let text): return .string(redact(text: text))
        case .stringConvertible(let convertible):
            let text = convertible.description
            let redacted = redact(text: text)
            return redacted == text ? value : .string(redacted)
        case .dictionary(let dictionary): return .dictionary(redact(dictionary))
        case .array(let values): return .array(values.map(redact))
        }
    }

    /// Free text with the values of secret-named fields replaced: `"password":"…"` (also
    /// as escaped JSON inside a quoted string), `password: "…"` and
    /// `password: Optional("…")` (Swift's descriptions of values), `token=…` (forms and
    /// query strings) and `Authorization: …` or `Cookie: …` header lines.
    public static func redact(text: String) -> String {
        let lowered = text.lowercased()
        guard secretWords.contains(where: { lowered.contains($0) }) || lowered.contains("api_key") || lowered.contains("api-key")
        else { return text }
        var result = text
        for (expression, template) in rules {
            result = expression.stringByReplacingMatches(
                in: result, range: NSRange(result.startIndex..., in: result), withTemplate: template)
        }
        return result
    }

    private static let rules: [(NSRegularExpression, String)] = {
        let quoted = #""(?:[^"\\]|\\.)*""#
        let escapedQuoted = #"\\"(?:[^"\\]|\\[^"])*?\\""#
        let patterns: [(String, String)] = [
            // JSON: "password": "…"
            (#"("\#(secretName)"\s*:\s*)\#(quoted)"#, #"$1"\#(placeholder)""#),
            // JSON inside a quoted string: \"password\":\"…\"
            (#"(\\"\#(secretName)\\"\s*:\s*)\#(escapedQuoted)"#, #"$1\\"\#(placeholder)\\""#),
            // Swift values and quoted pairs: password: "…", password: Optional("…"), token="…"
            (#"(\b\#(secretName)\s*[:=]\s*)(?:Optional\(\#(quoted)\)|\#(quoted))"#, #"$1"\#(placeholder)""#),
            // Header lines (the OpenAPI runtime joins them with "; " inside [ ]); a cookie
            // header's own "; " separates cookies, so it goes to the end of the list.
            (#"(\b(?:proxy-)?authorization\s*:\s*)[^"\r\n;\]][^\r\n;\]]*"#, "$1\(placeholder)"),
            (#"(\b(?:set-)?cookie\s*:\s*)[^"\r\n\]][^\r\n\]]*"#, "$1\(placeholder)"),
            // Unquoted pairs of forms and query strings: token=abc
            (#"(\b\#(secretName)=)[^"&\s,;)\]]+"#, "$1\(placeholder)"),
        ]
        return patterns.map { pattern, template in
            // The patterns are constants of this file: a failure is a bug caught by any test.
            (try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive]), template)
        }
    }()
}
