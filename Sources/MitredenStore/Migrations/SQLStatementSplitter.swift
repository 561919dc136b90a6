/// Splits a migration file into single statements, because PostgreSQL's extended query
/// protocol (which PostgresNIO uses, and which binds parameters) accepts one statement
/// per request.
///
/// A `;` ends a statement only outside of: `--` line comments, `/* */` block comments
/// (which nest in PostgreSQL), single-quoted strings (`''` escapes, `E'…'` backslash
/// escapes), double-quoted identifiers and dollar-quoted bodies (`$$…$$`, `$fn$…$fn$`).
/// Statements that hold only comments or white space are dropped.
public enum SQLStatementSplitter {
    public static func split(_ sql: String) -> [String] {
        let chars = Array(sql.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var hasCode = false
        var i = 0

        func flush() {
            let text = String(current).trimmingWhitespace()
            if hasCode, !text.isEmpty { statements.append(text) }
            current = String.UnicodeScalarView()
            hasCode = false
        }
        func take(_ count: Int) {
            current.append(contentsOf: chars[i..<min(i + count, chars.count)])
            i += count
        }

        while i < chars.count {
            let c = chars[i]
            let next: Unicode.Scalar? = i + 1 < chars.count ? chars[i + 1] : nil
            switch c {
            case "-" where next == "-":
                while i < chars.count, chars[i] != "\n" { take(1) }
            case "/" where next == "*":
                var depth = 0
                repeat {
                    if chars[i] == "/", i + 1 < chars.count, chars[i + 1] == "*" {
                        depth += 1; take(2)
                    } else if chars[i] == "*", i + 1 < chars.count, chars[i + 1] == "/" {
                        depth -= 1; take(2)
                    } else {
                        take(1)
                    }
                } while depth > 0 && i < chars.count
            case "'":
                hasCode = true
                let backslashEscapes = i > 0 && (chars[i - 1] == "E" || chars[i - 1] == "e")
                take(1)
                while i < chars.count {
                    if backslashEscapes, chars[i] == "\\" { take(2); continue }
                    if chars[i] == "'" {
                        if i + 1 < chars.count, chars[i + 1] == "'" { take(2); continue }
                        take(1); break
                    }
                    take(1)
                }
            case "\"":
                hasCode = true
                take(1)
                while i < chars.count {
                    if chars[i] == "\"" {
                        if i + 1 < chars.count, chars[i + 1] == "\"" { take(2); continue }
                        take(1); break
                    }
                    take(1)
                }
            case "$":
                hasCode = true
                if let tag = dollarTag(chars, at: i) {
                    take(tag.count)
                    while i < chars.count, !matches(chars, at: i, tag) { take(1) }
                    take(tag.count)
                } else {
                    take(1)
                }
            case ";":
                i += 1
                flush()
            default:
                if !c.properties.isWhitespace { hasCode = true }
                take(1)
            }
        }
        flush()
        return statements
    }

    /// `$$` or `$tag$` starting at `index`, where a tag is an identifier that does not start
    /// with a digit (so positional parameters like `$1` are not mistaken for a quote).
    private static func dollarTag(_ chars: [Unicode.Scalar], at index: Int) -> [Unicode.Scalar]? {
        var j = index + 1
        while j < chars.count {
            let c = chars[j]
            if c == "$" { return Array(chars[index...j]) }
            let isIdentifier = c == "_" || c.properties.isAlphabetic || (j > index + 1 && ("0"..."9").contains(c))
            if !isIdentifier { return nil }
            j += 1
        }
        return nil
    }

    private static func matches(_ chars: [Unicode.Scalar], at index: Int, _ tag: [Unicode.Scalar]) -> Bool {
        guard index + tag.count <= chars.count else { return false }
        for k in 0..<tag.count where chars[index + k] != tag[k] { return false }
        return true
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
