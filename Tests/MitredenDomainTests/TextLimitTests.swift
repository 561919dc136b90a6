import Foundation
import MitredenDomain
import Testing

/// Limits count code points, as PostgreSQL's `length()` does: one Character may hold
/// thousands of them.
@Suite struct TextLimitTests {
    static func heavy(_ codePoints: Int) -> String { "a" + String(repeating: "\u{301}", count: codePoints - 1) }

    @Test func textsAreMeasuredInCodePoints() {
        #expect(Self.heavy(15_010).count == 1)
        #expect(Self.heavy(15_010).codePoints == 15_010)
        #expect(ContributionRules.commentProblems(body: Self.heavy(2_001), maxLength: 2_000).map(\.field) == ["body"])
        #expect(ContributionRules.commentProblems(body: Self.heavy(2_000), maxLength: 2_000).isEmpty)
        let title = ContributionRules.proposalProblems(
            title: Self.heavy(201), body: Self.heavy(20_001), costCents: nil, hasArea: false, budget: false, checkRequired: true)
        #expect(title.map(\.field) == ["title", "body"])
        #expect(ContributionRules.flagProblems(reason: .other, note: Self.heavy(1_001)).map(\.field) == ["note"])
    }

    @Test func aPrefixInCodePointsNeverExceedsTheLimit() {
        #expect(Self.heavy(500).prefix(codePoints: 300).codePoints == 300)
        #expect("kurz".prefix(codePoints: 300) == "kurz")
    }

    @Test func searchWordsAndSeedAreNamedAsTheirParameters() {
        #expect(ContributionRules.listQueryProblems(q: String(repeating: "a", count: 201), seed: nil).map(\.field) == ["q"])
        #expect(ContributionRules.listQueryProblems(q: nil, seed: String(repeating: "s", count: 65)).map(\.field) == ["seed"])
        #expect(ContributionRules.listQueryProblems(q: String(repeating: "a", count: 200), seed: String(repeating: "s", count: 64)).isEmpty)
    }

    func geoProblem(_ json: String) -> ContributionProblem? {
        do throws(ContributionProblem) {
            _ = try GeoLocation(validating: Data(json.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func locationsAreLimitedInPositionsAndBytes() {
        let positions = { (count: Int) in (0..<count).map { "[\(Double($0) / 1000),1]" }.joined(separator: ",") }
        #expect(geoProblem(#"{"type":"LineString","coordinates":[\#(positions(1000))]}"#) == nil)
        #expect(geoProblem(#"{"type":"LineString","coordinates":[\#(positions(1001))]}"#)?.field == "location.coordinates")
        // Rings of one polygon count together.
        let ring = "[[0,0]," + (1..<600).map { "[\(Double($0) / 1000),1]" }.joined(separator: ",") + ",[0,0]]"
        #expect(geoProblem(#"{"type":"Polygon","coordinates":[\#(ring),\#(ring)]}"#)?.field == "location.coordinates")
        let padding = String(repeating: " ", count: GeoLocation.maxBytes)
        #expect(geoProblem(#"{"type":"Point","coordinates":[1,2]\#(padding)}"#)?.field == "location")
    }
}
