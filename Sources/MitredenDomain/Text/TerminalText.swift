/// Makes text written by participants safe to print on a staff member's terminal.
///
/// A comment can carry escape sequences that a terminal obeys instead of showing: move
/// the cursor and overwrite the line above ("approved by the city"), set the window
/// title, hide a link target, or on some terminals answer back into the input. Bidi
/// overrides make text read differently from the bytes a moderator decides on. All of
/// these are removed; newline and tab stay so that multi-line texts remain readable.
public enum TerminalText {
    /// `text` without C0 controls (except newline and tab), DEL, ESC sequences (CSI, OSC,
    /// DCS and the other string sequences, two-character escapes), C1 controls and the
    /// bidi embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069).
    public static func sanitized(_ text: String) -> String {
        // Fast path: most texts contain nothing to remove.
        guard text.unicodeScalars.contains(where: isSuspect) else { return text }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar.value {
            case 0x1B: index = endOfEscape(scalars, from: index + 1)
            case 0x9B: index = endOfControlSequence(scalars, from: index + 1)
            case 0x90, 0x98, 0x9D, 0x9E, 0x9F: index = endOfControlString(scalars, from: index + 1)
            default:
                if !isSuspect(scalar) { output.append(scalar) }
                index += 1
            }
        }
        return String(output)
    }

    private static func isSuspect(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    // Each `endOf…` gets the index after the introducer and returns the index of the first
    // scalar after the sequence. A malformed sequence ends before the offending scalar,
    // which is then handled like any other. No recursion: a text of nothing but
    // introducers must not exhaust the stack.

    /// After ESC: CSI, a control string, or ESC with intermediates 0x20–0x2F and one final
    /// byte 0x30–0x7E (ESC 7, ESC ( B, ESC c).
    private static func endOfEscape(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        guard start < scalars.count else { return start }
        switch scalars[start] {
        case "[": return endOfControlSequence(scalars, from: start + 1)
        case "]", "P", "X", "^", "_": return endOfControlString(scalars, from: start + 1)
        default:
            var index = start
            while index < scalars.count, (0x20...0x2F).contains(scalars[index].value) { index += 1 }
            guard index < scalars.count, (0x30...0x7E).contains(scalars[index].value) else { return index }
            return index + 1
        }
    }

    /// CSI: parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, one final byte 0x40–0x7E.
    private static func endOfControlSequence(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < scalars.count {
            switch scalars[index].value {
            case 0x20...0x3F: index += 1
            case 0x40...0x7E: return index + 1
            default: return index
            }
        }
        return index
    }

    /// OSC, DCS, SOS, PM, APC: their payload is never shown, so it goes up to BEL or ST
    /// (ESC \ or U+009C). An unterminated one ends at the next other control character,
    /// so that it hides at most the rest of a line from the moderator, never a whole text.
    private static func endOfControlString(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < scalars.count {
            switch scalars[index].value {
            case 0x07, 0x9C: return index + 1
            case 0x1B:
                let terminated = index + 1 < scalars.count && scalars[index + 1] == "\\"
                return terminated ? index + 2 : index
            case 0x00...0x1F, 0x7F...0x9F: return index
            default: index += 1
            }
        }
        return index
    }
}
