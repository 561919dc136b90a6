import MitredenDomain
import Testing

@Suite struct TerminalTextTests {
    static let escape = "\u{1B}"

    @Test(arguments: [
        // Cursor up and erase the line: could overwrite what the review printed above.
        ("Gut\u{1B}[1A\u{1B}[2Kapproved by the city", "Gutapproved by the city"),
        // Colours and private modes (hide the cursor).
        ("\u{1B}[31;1mrot\u{1B}[0m \u{1B}[?25l", "rot "),
        // Window title (OSC ended by BEL) and a hyperlink whose target is hidden (OSC ended by ST).
        ("\u{1B}]0;owned\u{07}Titel", "Titel"),
        ("\u{1B}]8;;https://evil.example\u{1B}\\Klick\u{1B}]8;;\u{1B}\\", "Klick"),
        // DCS, and two-character escapes (reset the terminal, switch the character set).
        ("a\u{1B}P1$qm\u{1B}\\b\u{1B}cc\u{1B}(Bd", "abcd"),
        // C1 controls: 8-bit CSI and OSC, NEL.
        ("x\u{9B}2Jy\u{9D}0;t\u{9C}z\u{85}!", "xyz!"),
        // C0 controls other than newline and tab, DEL; CR could rewrite the line from its start.
        ("a\u{0}b\u{7}c\u{8}d\re\u{7F}f\tg\nh", "abcdef\tg\nh"),
        // Bidi embeddings, overrides and isolates.
        ("\u{202E}txt.exe\u{202C} \u{2066}a\u{2069}\u{202A}\u{202B}\u{202D}\u{2067}\u{2068}", "txt.exe a"),
        // An unterminated string sequence hides at most the rest of its line.
        ("\u{1B}]0;title\nsichtbar", "\nsichtbar"),
        // Umlauts, emoji and ordinary punctuation are untouched.
        ("Grünfläche [1] für 5 € 🌳 — ok?", "Grünfläche [1] für 5 € 🌳 — ok?"),
    ])
    func removesWhatATerminalWouldObey(input: String, expected: String) {
        #expect(TerminalText.sanitized(input) == expected)
    }

    @Test func nothingOfAnEscapeSequenceSurvivesInAnyMix() {
        let pieces = ["\u{1B}", "[", "]", "\u{9B}", "\u{9D}", "\u{7}", "\\", "P", "\u{202E}", "\u{2066}", "a", "\n", "\r", "\u{0}", "1", ";"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let text = (0..<12).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let clean = TerminalText.sanitized(text)
            #expect(
                !clean.unicodeScalars.contains {
                    ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value)
                        || (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value)
                }, "\(text.debugDescription) → \(clean.debugDescription)")
        }
    }

    @Test func aTextOfNothingButIntroducersDoesNotExhaustTheStack() {
        let text = String(repeating: "\u{1B}]\u{1B}[", count: 200_000) + "\nende"
        #expect(TerminalText.sanitized(text) == "\nende")
    }
}
