import MitredenDomain
import Testing

/// The subtleties of SPEC §1, one test each.
@Suite("Pabulib parser")
struct PabulibParserTests {
    /// A small approval file; `meta`, `projects` and `votes` replace the default rows.
    static func file(
        meta: [String] = ["budget;1000", "vote_type;approval"],
        projectHeader: String = "project_id;cost;name",
        projects: [String] = ["a;300;First", "b;200;Second"],
        voteHeader: String = "voter_id;vote",
        votes: [String] = ["v1;a,b", "v2;b"]
    ) -> String {
        (["META", "key;value"] + meta + ["PROJECTS", projectHeader] + projects + ["VOTES", voteHeader] + votes)
            .joined(separator: "\n") + "\n"
    }

    static func error(_ text: String) -> PabulibError? {
        do {
            _ = try PabulibParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func quotedFieldKeepsSemicolonAndDoubledQuote() throws {
        let text = Self.file(projects: [#"B.2;500;"Park; phase ""II""""#, "c;1;Konkurs \" NA"], votes: ["v1;B.2"])

        let election = try PabulibParser.parse(text)

        #expect(election.projects[0].fields["name"] == #"Park; phase "II""#)
        #expect(election.projects[1].fields["name"] == #"Konkurs " NA"#)
    }

    @Test func noneCellsAreMissingValues() throws {
        let text = Self.file(
            projectHeader: "project_id;cost;name;category",
            projects: ["a;300;None;culture", "b;200;Second;NONE", "c;100"],
            voteHeader: "voter_id;age;vote",
            votes: ["v1;None;a", "v2;40;none"]
        )

        let election = try PabulibParser.parse(text)

        #expect(election.projects[0].fields == ["category": "culture"])
        #expect(election.projects[1].fields == ["name": "Second"])
        #expect(election.projects[2].fields.isEmpty)
        #expect(election.votes[0].fields.isEmpty)
        #expect(election.votes[1].projectIDs.isEmpty)
        #expect(election.votes[1].fields == ["age": "40"])
    }

    @Test func byteOrderMarkAndLineEndingsAreAccepted() throws {
        let plain = Self.file()
        let variants = [
            "\u{FEFF}" + plain,
            plain.replacingLineFeeds(with: "\r\n"),
            plain.replacingLineFeeds(with: "\r"),
            "\u{FEFF}" + plain.replacingLineFeeds(with: "\r\n"),
        ]
        for text in variants {
            #expect(try PabulibParser.parse(text) == PabulibParser.parse(plain))
        }
    }

    @Test func blankLinesAndPaddingAreIgnored() throws {
        let text =
            "\n  \nmeta;;\n key ; value \n\nbudget ; 1000 \n vote_type;approval\n\t\n"
            + "Projects\nproject_id;cost\n a ; 300 \n\nVOTES\nvoter_id;vote\n v1 ; a , \n"

        let election = try PabulibParser.parse(text)

        #expect(election.budget == 1000)
        #expect(election.projects.map(\.id) == ["a"])
        #expect(election.votes[0].projectIDs == ["a"])
        #expect(Self.error(text + "v2;zz\n")?.line == 16)
    }

    @Test func decimalsAreExactWithPointOrComma() throws {
        let text = Self.file(meta: ["budget;1050.50", "vote_type;approval"], projects: ["a;300,25;A", "b;12,5;B"])

        let election = try PabulibParser.parse(text)

        #expect(election.budget == .decimal("1050.5"))
        #expect(election.projects.map(\.cost) == [.decimal("300.25"), .decimal("12.5")])
    }

    @Test func emptyBallotStillCountsAsVoter() throws {
        let election = try PabulibParser.parse(Self.file(votes: ["v1;a", "v2;", "v3"]))

        let model = try election.budgetElection()

        #expect(model.ballots.count == 3)
        #expect(model.ballots[1] == .approval([]))
        #expect(model.ballots[2] == .approval([]))
    }

    @Test func repeatedApprovalsCollapse() throws {
        let election = try PabulibParser.parse(Self.file(votes: ["v1;b,a,b,a,b"]))

        #expect(election.votes[0].projectIDs == ["b", "a"])
        #expect(try election.budgetElection().ballots[0] == .approval(["a", "b"]))
    }

    @Test func ordinalKeepsFirstPlace() throws {
        let text = Self.file(meta: ["budget;1000", "vote_type;ordinal"], votes: ["v1;b,a,b"])

        let election = try PabulibParser.parse(text)

        #expect(try election.budgetElection().ballots[0] == .ranking(["b", "a"]))
    }

    @Test func pointsAlignWithVotesWhereverTheColumnsAre() throws {
        let text = Self.file(
            meta: ["budget;1000", "vote_type;cumulative"],
            voteHeader: "voter_id;points;age;vote",
            votes: ["v1;3,1.5;30;b,a", "v2;;;"]
        )

        let election = try PabulibParser.parse(text)

        #expect(try election.budgetElection().ballots[0] == .points(["b": 3, "a": .decimal("1.5")]))
        #expect(election.votes[1].projectIDs.isEmpty)
        #expect(election.voteColumns == ["age"])
    }

    @Test func shortRowsAreMissingValuesAndLongRowsAreCut() throws {
        let election = try PabulibParser.parse(Self.file(projects: ["a;300", "b;200;B;extra;cells"]))

        #expect(election.projects[0].fields.isEmpty)
        #expect(election.projects[1].fields == ["name": "B"])
    }

    @Test func metaKeepsOrderUnknownKeysAndLastValue() throws {
        let text = Self.file(meta: ["budget;1000", "zeta;1", "vote_type;approval", "alpha;2", "zeta;3"])

        let election = try PabulibParser.parse(text)

        #expect(election.meta.entries.map(\.key) == ["budget", "zeta", "vote_type", "alpha"])
        #expect(election.meta["zeta"] == "3")
    }

    @Test func missingRecommendedKeysAndWrongCountsAreWarnings() throws {
        let text = Self.file(meta: ["budget;1000", "vote_type;approval", "num_projects;3", "num_votes;2"])

        let election = try PabulibParser.parse(text)

        let messages = election.warnings.map(\.description)
        #expect(messages.contains("line 5: num_projects is 3 but the file has 2; using 2"))
        #expect(!messages.contains { $0.contains("num_votes is") })
        #expect(messages.contains("line 1: META has no description"))
        #expect(!messages.contains { $0.contains("has no budget") })
    }

    @Test func missingBudgetIsAnError() {
        #expect(Self.error(Self.file(meta: ["vote_type;approval"]))?.description == "line 1: META has no budget")
    }

    @Test func unparsableBudgetIsAnError() {
        let error = Self.error(Self.file(meta: ["vote_type;approval", "budget;lots"]))
        #expect(error?.line == 4)
    }

    @Test func unknownVoteTypeIsAnError() {
        let error = Self.error(Self.file(meta: ["budget;1000", "vote_type;quadratic"]))
        #expect(error?.line == 4)
        #expect(error?.reason.hasPrefix("vote_type \"quadratic\" is not one of approval") == true)
    }

    @Test func duplicateProjectIdIsAnError() {
        let error = Self.error(Self.file(projects: ["a;300", "b;200", "a;100"]))
        #expect(error?.description == "line 9: project \"a\" is already defined on line 7")
    }

    @Test func unknownProjectInVoteIsAnError() {
        let error = Self.error(Self.file(votes: ["v1;a", "v2;b,x9"]))
        #expect(error?.description == "line 12: project \"x9\" in vote is not in PROJECTS")
    }

    @Test func pointsCountMismatchIsAnError() {
        let text = Self.file(meta: ["budget;1000", "vote_type;cumulative"], voteHeader: "voter_id;vote;points", votes: ["v1;a,b;3"])
        #expect(Self.error(text)?.description == "line 11: vote lists 2 project(s) but points lists 1 value(s)")
    }

    @Test func repeatedProjectInPointsVoteIsAnError() {
        let text = Self.file(meta: ["budget;1000", "vote_type;scoring"], voteHeader: "voter_id;vote;points", votes: ["v1;a,a;3,2"])
        #expect(Self.error(text)?.description == "line 11: project \"a\" appears more than once in a vote with points")
    }

    @Test func structuralErrorsNameTheLine() {
        #expect(Self.error(Self.file(projectHeader: "project_id;price"))?.line == 6)
        #expect(Self.error(Self.file(meta: ["budget;1000", "vote_type;cumulative"]))?.line == 10)
        #expect(Self.error(Self.file(projects: [#"a;300;"open quote"#]))?.description == "line 7: quoted field is not closed")
        #expect(Self.error(Self.file(projects: ["a;-5"]))?.line == 7)
        #expect(Self.error("META\nkey;value\nbudget;1\nvote_type;approval\nPROJECTS\nproject_id;cost\n")?.line == 7)
        #expect(Self.error("hello\nMETA\n")?.line == 1)
    }
}

extension String {
    func replacingLineFeeds(with ending: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: ending)
    }
}
