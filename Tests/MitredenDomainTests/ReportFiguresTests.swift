import Foundation
import MitredenDomain
import Testing

/// What a clerk checks before handing the report over: the stamp, the votes per project,
/// tables that add up, names instead of slugs, numbers with separators, print rules.
@Suite struct ReportFiguresTests {
    static func budget(official: Bool) -> CampaignReport {
        var missed = ProjectExplanation(projectId: "d", funded: false, reason: .didNotFit, cost: "250000", supporters: 12)
        missed.proposalId = "d"
        missed.remainingBudget = "40000"
        var report = ReportRenderingTests.sample()
        report.unit = "Bezirksamt Hamburg-Mitte"
        report.outcomes[0].official = official
        report.outcomes[0].projects = ProjectVotes.table(
            tallies: [
                .init(proposalId: "a", approvals: 1_234, points: "1234"), .init(proposalId: "b", approvals: 980, points: "980"),
                .init(proposalId: "c", approvals: 980, points: "980"), .init(proposalId: "d", approvals: 12, points: "12"),
            ],
            explanation: ResultExplanation(rule: "greedy_votes", projects: [missed]),
            selected: ["a", "b", "c"], budgetCents: 40_000_000, pointBallots: false,
            project: {
                ["a": ("Hammer Park", 21_000_000), "b": ("Kulturfest", 3_500_000), "c": ("Tempo 30", 2_000_000), "d": ("Schwimmbad", 25_000_000)][$0]
            }
        )
        report.districts = SmallGroupSuppression.apply(["hamm": 400, "st-georg": 300, "unknown": 20, "borgfelde": 3, "hammerbrook": 4])
        report.districtNames = ["st-georg": "St. Georg", "hamm": "Hamm"]
        report.participants = 727
        report.voteCounts.ballots = 4_321
        report.votes = 4_321
        report.decisionsByReason = [(reason: "reject:off_topic", count: 3)]
        return report
    }

    @Test func aResultStaysProvisionalUntilMarkedOfficial() {
        let provisional = ReportRenderer.html(Self.budget(official: false), language: .de)
        #expect(provisional.contains("vorläufig — nicht amtlich"))
        #expect(!provisional.contains("stamp official"))
        let official = ReportRenderer.html(Self.budget(official: true), language: .de)
        #expect(!official.contains("vorläufig — nicht amtlich"))
        #expect(official.contains("amtliches Ergebnis"))
        #expect(ReportRenderer.html(Self.budget(official: false), language: .en).contains("provisional — not official"))
    }

    @Test func everyProjectIsListedWithItsVotesAndTheRanksDiffer() {
        let table = Self.budget(official: true).outcomes[0].projects
        #expect(table.map(\.rank) == [1, 2, 2, 4])
        #expect(table.map(\.title) == ["Hammer Park", "Kulturfest", "Tempo 30", "Schwimmbad"])
        #expect(table.last?.shortfall == Shortfall(cents: 21_000_000))
        let html = ReportRenderer.html(Self.budget(official: true), language: .de)
        #expect(html.contains("1.234"))
        #expect(html.contains("210.000 €"))
        #expect(html.contains("4.321"))
        let english = ReportRenderer.html(Self.budget(official: true), language: .en)
        #expect(english.contains("1,234"))
        #expect(english.contains("€210,000"))
    }

    @Test func districtsAddUpAndCarryNames() {
        let report = Self.budget(official: true)
        #expect(report.districts.reduce(0) { $0 + $1.count } == 727)
        let html = ReportRenderer.html(report, language: .de)
        #expect(html.contains("St. Georg"))
        #expect(html.contains("ohne Angabe"))
        #expect(html.contains("Sonstige"))
        #expect(!html.contains(">st-georg<"))
        #expect(ReportRenderer.html(report, language: .en).contains("not stated"))
    }

    @Test func smallGroupsNeverVanishAndNeverStandAlone() {
        for counts in [["a": 3, "b": 100], ["a": 1, "b": 2, "c": 6, "d": 50], ["a": 4], ["a": 5, "b": 5, "c": 1]] {
            let groups = SmallGroupSuppression.apply(counts)
            #expect(groups.reduce(0) { $0 + $1.count } == counts.values.reduce(0, +), "\(counts)")
            let total = counts.values.reduce(0, +)
            for group in groups where group.count < SmallGroupSuppression.defaultThreshold {
                #expect(group.count == total, "a group below the threshold beside others: \(groups)")
            }
        }
    }

    @Test func germanReadsAsGermanWithTheMethodInWordsAndItsCodeInAFootnote() {
        let html = ReportRenderer.html(Self.budget(official: true), language: .de)
        #expect(html.contains("Methode der gleichen Anteile mit Auffüllung des Budgets<sup>1</sup>"))
        #expect(html.contains("<sup>1</sup> Kennung des Verfahrens"))
        #expect(html.contains("<code>mes_cost_add1</code>"))
        #expect(html.contains("abgelehnt – gehört nicht zum Thema"))
        #expect(!html.contains("off topic"))
        #expect(html.contains("Bezirksamt Hamburg-Mitte"))
    }

    @Test func itPrintsOnA4WithPageNumbersAndARunningFooter() {
        let html = ReportRenderer.html(Self.budget(official: true), language: .de)
        #expect(html.contains("@page{size:A4"))
        #expect(html.contains("counter(page)"))
        #expect(html.contains("Datenstand"))
        #expect(html.contains("break-after:avoid-page"))
    }

    @Test func aDialogueRanksByItsRuleAndDefinesContested() {
        var report = ReportRenderingTests.sample()
        report.kind = "dialogue"
        report.outcomes = []
        report.ranking[0].responseText = "Wird geprüft & umgesetzt"
        let html = ReportRenderer.html(report, language: .de)
        #expect(html.contains("Differenz"))
        #expect(html.contains("umstritten"))
        #expect(html.contains("Contra ≥ Pro ÷ 3"))
        #expect(html.contains("Wird geprüft &amp; umgesetzt"))
        #expect(html.contains("Auf einen Blick"))
    }
}
