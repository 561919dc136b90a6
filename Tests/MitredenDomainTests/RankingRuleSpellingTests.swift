import Foundation
import MitredenDomain
import Testing

/// Enum values are snake_case across the API; campaign settings stored in the earlier
/// kebab-case spelling still read, and are written back in the new one.
@Suite struct RankingRuleSpellingTests {
    @Test func theRuleIsSpelledInSnakeCase() throws {
        let encoded = try JSONEncoder().encode([RankingRule.net, RankingRule.positive])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["pro_minus_contra","positive_only"]"#)
    }

    @Test func settingsStoredInTheOldSpellingStillRead() throws {
        let stored = Data(#"{"ratingsEnabled": true, "rankingRule": "positive-only"}"#.utf8)
        let settings = try JSONDecoder().decode(CampaignSettings.self, from: stored)
        #expect(settings.rankingRule == .positive)
        let old = try JSONDecoder().decode([RankingRule].self, from: Data(#"["pro-minus-contra"]"#.utf8))
        #expect(old == [.net])
    }

    @Test func anUnknownRuleIsRefused() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([RankingRule].self, from: Data(#"["most-liked"]"#.utf8))
        }
    }
}
