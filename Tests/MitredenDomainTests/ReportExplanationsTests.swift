import Foundation
import MitredenDomain
import Testing

/// The report's "why funded or not" table and the comparison with greedy, in both languages.
@Suite struct ReportExplanationsTests {
    static func report() throws -> CampaignReport {
        let election = try BudgetExamples.election("syn2_edge_cases.pb")
        var report = CampaignReport(title: "Haushalt", summary: "", unit: "mitte", kind: "budget", phases: [], snapshotAt: Date())
        var outcome = CampaignReport.AreaOutcome(
            area: "St. Georg", budgetCents: 105_050, method: "mes_cost", ballots: 10, inputDigest: String(repeating: "0", count: 64),
            funded: [])
        outcome.explanation = try ResultExplainer.explain(.mesCost, election: try election.budgetElection())
        outcome.titles = ["B.2": "Bänke <am> Kanal", "A-1": "Schwimmbad"]
        report.outcomes = [outcome]
        return report
    }

    @Test func everyProjectGetsASentenceInGermanAndEnglish() throws {
        let report = try Self.report()
        let german = ReportRenderer.html(report, language: .de)
        #expect(german.contains("Warum gefördert oder nicht"))
        #expect(german.contains("Anteil je Person am Budget: 105,05 €"))
        #expect(german.contains("Hätte mindestens 12 Unterstützende gebraucht"))
        #expect(german.contains("Gefördert in Runde 1: jede unterstützende Person zahlte bis zu 83,33 €."))
        #expect(german.contains("der Rest ging an Bänke &lt;am&gt; Kanal"))
        #expect(german.contains("Vergleich: Methode der gleichen Anteile und Stimmenreihenfolge"))
        #expect(!german.contains("<am>"))
        let english = ReportRenderer.html(report, language: .en)
        #expect(english.contains("Why funded or not"))
        #expect(english.contains("It needed at least 12 supporters"))
        #expect(english.contains("Its supporters' money ran out"))
        #expect(english.contains("Funded only by greedy"))
        // One row per project of the election.
        let rows = english.components(separatedBy: "<h2>Why funded or not</h2>")[1].components(separatedBy: "</section>")[0]
        #expect(rows.components(separatedBy: "<tr>").count - 2 == 7)
    }
}
