import MitredenBenchmarkSupport
import MitredenDomain
import Testing

/// Import → export → import gives the same election (SPEC §1.7).
@Suite("Pabulib round trip")
struct PabulibRoundTripTests {
    @Test("shared examples survive a round trip", arguments: BudgetExamples.fileNames)
    func sharedExample(file: String) throws {
        let original = try BudgetExamples.election(file)

        let written = try PabulibWriter.write(original)
        let reread = try PabulibParser.parse(written)

        #expect(reread == original)
        #expect(try PabulibWriter.write(reread) == written)
        #expect(!written.hasPrefix("\u{FEFF}"))
        #expect(!written.contains("\r"))
    }

    @Test("the writer quotes what the reader would change")
    func quotingAndNumbers() throws {
        let original = try BudgetExamples.election("syn2_edge_cases.pb")

        let written = try PabulibWriter.write(original)

        #expect(written.contains(#"B.2;500;6;"Park; phase ""II""";public space,environment"#))
        #expect(written.contains("\nbudget;1050.5\n"))
        #expect(written.contains("\nd4;300.25;"))
        #expect(written.hasPrefix("META\nkey;value\ndescription;"))
        #expect(written.contains("v10;;40;M\n"))
    }

    @Test(
        "synthetic elections survive a round trip",
        arguments: [BudgetVoteType.approval, .cumulative, .ordinal, .chooseOne]
    )
    func synthetic(voteType: BudgetVoteType) throws {
        let parameters = SyntheticElection.Parameters(projects: 40, voters: 500, seed: 7, voteType: voteType)
        let model = SyntheticElection.make(parameters)
        let original = PabulibElection(model, meta: PabulibMeta([("description", "synthetic; \"quoted\""), ("country", "Nowhere")]))

        let reread = try PabulibParser.parse(PabulibWriter.write(original))

        #expect(reread == original)
        #expect(try reread.budgetElection() == model)
        #expect(reread.warnings.filter { !$0.message.hasPrefix("META has no") }.isEmpty)
    }

    @Test("values without a finite decimal form are refused")
    func nonDecimalRefused() throws {
        let model = try BudgetElection(
            voteType: .approval,
            budget: .fraction(1, 3),
            projects: [],
            ballots: []
        )

        #expect(throws: PabulibWriteError.notADecimal("budget", .fraction(1, 3))) {
            try PabulibWriter.write(PabulibElection(model))
        }
    }
}
