/// The council report's fixed words, one catalogue per language (``german`` in
/// `ReportWords+German.swift`, ``english`` in `ReportWords+English.swift`). Sentences with
/// values are functions of ``ReportText``; reason texts come from the project's shared
/// catalogue (``ReasonCode/text(in:)``).
struct ReportWords: Sendable {
    var report: String
    var dataAsOf: String
    var atAGlance: String
    var period: String
    var stillOpen: String
    var nothingOpen: String
    var votingStillOpen: String
    var pendingModeration: String
    var unansweredProposals: String
    var provisionalStamp: String
    var provisionalNote: String
    var officialStamp: String
    var noResultYet: String
    var timeline: String
    var participation: String
    var participants: String
    var participantsNote: String
    var proposals: String
    var comments: String
    var votes: String
    var votesByKind: String
    var kindOfVote: String
    var ballotsImported: String
    var total: String
    var activity: String
    var activityChart: String
    var day: String
    var week: String
    var contributions: String
    var count: String
    var chartTable: String
    var byDistrict: String
    var district: String
    var other: String
    var unknownDistrict: String
    var suppressionNote: String
    var ranking: String
    var rankingNote: String
    var rankingByProMinusContra: String
    var rankingByPro: String
    var rankingBySupports: String
    var contested: String
    var contestedDefinition: String
    var rank: String
    var proposal: String
    var supports: String
    var pro: String
    var contra: String
    var difference: String
    var score: String
    var response: String
    var responseText: String
    var budgetOutcome: String
    var budget: String
    var spent: String
    var ballots: String
    var method: String
    var cost: String
    var approvals: String
    var points: String
    var missedBy: String
    var supportersShort: String
    var cumulativeCost: String
    var cumulativeCostDescription: String
    var fundedInOrder: String
    var digestNote: String
    var computedAt: String
    var moderation: String
    var medianDecision: String
    var p90Decision: String
    var decision: String
    var responses: String
    var status: String
    var none: String
    var footer: String
    var page: String
    var methodFootnote: String
    // Explanations and the rule comparison.
    var explanations: String
    var comparison: String
    var comparisonNote: String
    var supersededNote: String
    var shareBefore: String
    var shareAfter: String
    var funded: String
    var supportersHeader: String
    var why: String
    var yes: String
    var no: String
    var fundedCount: String
    var votersWithFunded: String
    var averageFunded: String
    var budgetShare: String
    var onlyEqualShares: String
    var onlyGreedy: String
    var decimalSeparator: String
    var thousandsSeparator: String
    var freeProject: String
    var greedyCompletion: String
    var overBudget: String
    var noSupporters: String
    var kindBudget: String
    var kindDialogue: String
    var phaseNames: [String: String]
    var responseNames: [String: String]
    var decisionNames: [String: String]
    var methodNames: [String: String]
    var methodExplanations: [String: String]
}
