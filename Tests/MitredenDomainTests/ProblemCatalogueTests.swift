import Foundation
import MitredenDomain
import Testing

/// The German catalogue of error texts is complete for the messages the code writes, and
/// its templates fill in values as they should.
@Suite struct ProblemCatalogueTests {
    static let sources = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../Sources").standardized

    /// Texts only operators see (start-up checks of the API document, the benchmark, the
    /// Pabulib importer's notes) stay English.
    static let operatorTexts: Set<String> = [
        "openapi.yaml has no paths", "openapi.yaml: cannot resolve {}", "query parameter '{}' has type {}, which QueryParameters cannot check",
        "routes not in openapi.yaml under the same template: {}", "META has no {}", "META row without a key is ignored",
        "{} is {} but the file has {}; using {}", "the database has accounts or unsent mail; run the benchmark on a scratch database",
    ]

    /// Every message literal given to a problem, field error or service error in the API's
    /// and the services' sources (interpolations read as `{}`) has German.
    @Test func everyMessageInTheCodeHasGerman() throws {
        let pattern = try NSRegularExpression(
            pattern:
                #"(?:\.invalid\(\s*"[^"]*",\s*|(?:field|rule):[^,]*,\s*message:\s*|\.(?:notFound|forbidden|unauthenticated|unavailable|badRequest|conflict)\(\s*(?:\.[a-zA-Z]+,\s*)?|(?:detail|title):\s*)"((?:[^"\\]|\\.)*)""#
        )
        let interpolation = try NSRegularExpression(pattern: #"\\\((?:[^()]|\([^()]*\))*\)"#)
        var missing: [String] = []
        var checked = 0
        for folder in ["MitredenAPI", "MitredenStore", "MitredenDomain"] {
            let enumerator = FileManager.default.enumerator(at: Self.sources.appending(path: folder), includingPropertiesForKeys: nil)
            while let file = enumerator?.nextObject() as? URL {
                guard file.pathExtension == "swift", !file.lastPathComponent.hasPrefix("ProblemTexts") else { continue }
                let text = try String(contentsOf: file, encoding: .utf8)
                for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    guard let range = Range(match.range(at: 1), in: text) else { continue }
                    // As the running code has it: `\\` in the source is one backslash.
                    let literal = String(text[range]).replacingOccurrences(of: "\\\\", with: "\\")
                    let template = interpolation.stringByReplacingMatches(
                        in: literal, range: NSRange(literal.startIndex..., in: literal), withTemplate: "{}")
                    // A lone value or a list of field messages is made of texts checked elsewhere;
                    // German literals (demo content) need nothing.
                    guard template != "{}", template != "{}: {}", !Self.operatorTexts.contains(template),
                        template.range(of: "[äöüßÄÖÜ]", options: .regularExpression) == nil
                    else { continue }
                    checked += 1
                    // A sample value in every slot, as the running code would fill them; where the
                    // first value names a kind of object, the catalogue may have one text per kind.
                    let samples = ["x", "proposal", "comment"].map { first in
                        template.replacingOccurrences(of: "{}", with: first, range: template.range(of: "{}"))
                            .replacingOccurrences(of: "{}", with: "x")
                    }
                    if !samples.contains(where: ProblemTexts.hasGerman(for:)) { missing.append("\(file.lastPathComponent): \(template)") }
                }
            }
        }
        #expect(checked > 150)
        #expect(missing.isEmpty, "no German for:\n\(missing.joined(separator: "\n"))")
    }

    @Test func templatesFillInValuesAndTranslateWordsFromAFixedSet() {
        #expect(ProblemTexts.text("is required", in: .de) == "ist erforderlich")
        #expect(ProblemTexts.text("is required", in: .en) == "is required")
        #expect(ProblemTexts.text("no campaign 'domplatz'", in: .de).contains("domplatz"))
        // A value from a fixed set of words is translated inside the sentence.
        let phase = ProblemTexts.text("the campaign is in its voting phase, in which participants cannot submit proposals", in: .de)
        #expect(phase.contains("Abstimmung") && phase.contains("Vorschläge einreichen"), "\(phase)")
        // Unknown texts stay as they are, and braces inside a value are not slots.
        #expect(ProblemTexts.text("something new", in: .de) == "something new")
        #expect(ProblemTexts.text("no campaign '{}{1}'", in: .de).contains("'{}{1}'"))
    }
}
