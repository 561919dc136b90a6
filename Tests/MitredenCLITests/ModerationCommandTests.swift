import Foundation
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

@Suite struct ModerationCommandTests {
    static func run(_ arguments: [String], _ url: DatabaseURL) async throws -> (status: Int32, output: String) {
        try await MitredenBinary.run(arguments, environment: MitredenBinary.environment(database: url))
    }

    /// A pre-moderated campaign with a held proposal and a held comment on an approved one.
    static func world(_ database: Database) async throws -> (spam: ProposalRecord, comment: CommentView) {
        let clock = AppClock.system
        var settings = AccountSettings()
        settings.bcryptCost = 4
        let accounts = AccountService(database: database, settings: settings, clock: clock)
        let author = try await accounts.createStaff(
            email: "paula@example.org", password: AccountFixtures.password, displayName: "Paula", role: .participant, by: .commandLine)
        let moderator = try await accounts.createStaff(
            email: "moritz@example.org", password: AccountFixtures.password, displayName: "Moritz", role: .participant, by: .commandLine)
        let units = UnitService(database: database, clock: clock)
        _ = try await units.create(slug: "unit-a", name: "Amt A", by: .commandLine)
        try await units.addMember(unit: "unit-a", account: moderator, role: .moderator, by: .commandLine)
        let now = Date()
        let campaigns = CampaignService(database: database, clock: clock)
        _ = try await campaigns.create(
            CampaignSpec(
                unit: "unit-a",
                draft: CampaignDraft(slug: "hafen", title: "Hafen", kind: .dialogue, proposalModeration: .pre, commentModeration: .pre),
                phases: [PhaseWindow(kind: .proposals, startsAt: now.addingTimeInterval(-3600), endsAt: now.addingTimeInterval(86_400))]
            ), by: .commandLine)
        _ = try await campaigns.publish("hafen", by: .commandLine)
        let paula = try #require(try await Accounts.find(id: author, on: database))
        let proposals = ProposalService(database: database, clock: clock)
        let fest = try await proposals.create(in: "hafen", ProposalInput(title: "Hafenfest"), by: paula)
        let moderation = ModerationService(database: database, clock: clock)
        let festItem = try #require(try await ModerationQueue.openItem(about: fest.id.uuid, on: database))
        _ = try await moderation.decide(festItem.id, DecisionInput(decision: .approve), by: .commandLine, account: nil)
        let spam = try await proposals.create(in: "hafen", ProposalInput(title: "Billige Uhren"), by: paula)
        let comment = try await CommentService(database: database, clock: clock)
            .create(on: fest.id, body: "Mit Feuerwerk!", stance: .pro, parent: nil, by: paula)
        return (spam, comment)
    }

    @Test func theQueueIsListedAndDecidedFromTheCommandLine() async throws {
        try await withTestDatabase { url, database in
            let (spam, comment) = try await Self.world(database)
            let queue = try await Self.run(["moderation", "queue", "--campaign", "hafen"], url)
            #expect(queue.status == 0, "\(queue.output)")
            #expect(queue.output.split(separator: "\n").count == 3, "\(queue.output)")  // the header and two items
            #expect(queue.output.contains("  hafen     proposal  new     "), "\(queue.output)")
            let notModerator = try await Self.run(["moderation", "queue", "--as", "paula@example.org"], url)
            #expect(notModerator.status != 0)
            #expect(notModerator.output.contains("only moderators"))
            let badReason = try await Self.run(["moderation", "reject", spam.id.uuidString, "--reason", "ugly"], url)
            #expect(badReason.status != 0)
            let rejected = try await Self.run(["moderation", "reject", spam.id.uuidString, "--reason", "spam", "--as", "moritz@example.org"], url)
            #expect(rejected.status == 0, "\(rejected.output)")
            let approved = try await Self.run(["moderation", "approve", comment.record.id.uuidString], url)
            #expect(approved.status == 0, "\(approved.output)")
            let statuses = try await database.query(
                """
                SELECT (SELECT moderation_status FROM proposals WHERE id = \(spam.id)), (SELECT moderation_status FROM comments WHERE id = \(comment.record.id))
                """)[0].decode((String, String).self)
            #expect(statuses == ("rejected", "published"))
            let actors = try await database.query("SELECT actor_label FROM audit_events WHERE action LIKE 'moderation.%' ORDER BY id")
                .map { try $0.decode(String.self) }
            #expect(actors == ["cli", "participant", "cli"])
        }
    }

    @Test func reviewShowsEachItemWithItsContextAndTakesOneKeyPerDecision() async throws {
        try await withTestDatabase { url, database in
            let (spam, comment) = try await Self.world(database)
            let binary = try MitredenBinary.path()
            // Not a terminal: answers are read line by line. r, 4 = reject as spam; a = approve.
            let script = "printf 'r\\n4\\na\\n' | \(binary) moderation review --as moritz@example.org"
            let result = try await ChildProcess.run(["/bin/sh", "-c", script], environment: MitredenBinary.environment(database: url))
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("proposal: Billige Uhren"))
            #expect(result.output.contains("proposal: Hafenfest"))
            #expect(result.output.contains("text: Mit Feuerwerk!"))
            #expect(result.output.contains("rejected (spam)"))
            #expect(result.output.contains("2 decided, 0 skipped"))
            let statuses = try await database.query(
                """
                SELECT (SELECT moderation_status FROM proposals WHERE id = \(spam.id)), (SELECT moderation_status FROM comments WHERE id = \(comment.record.id))
                """)[0].decode((String, String).self)
            #expect(statuses == ("rejected", "published"))
            let quit = try await ChildProcess.run(
                ["/bin/sh", "-c", "printf 'q\\n' | \(binary) moderation review"], environment: MitredenBinary.environment(database: url))
            #expect(quit.output.contains("nothing more in the queue"))
        }
    }

    @Test func reviewPrintsParticipantTextsWithoutTerminalControlSequences() async throws {
        try await withTestDatabase { url, database in
            let (spam, _) = try await Self.world(database)
            let authorID = try #require(spam.authorID)
            let paula = try #require(try await Accounts.find(id: authorID, on: database))
            // Sets the window title, moves the cursor up and erases a line, reverses the text.
            _ = try await ProposalService(database: database, clock: .system).create(
                in: "hafen",
                ProposalInput(title: "Bänke\u{1B}]0;owned\u{07}", body: "Gut\u{1B}[1A\u{1B}[2K\u{202E}approved\u{9B}2J"), by: paula)
            let binary = try MitredenBinary.path()
            let result = try await ChildProcess.run(
                ["/bin/sh", "-c", "printf 's\\ns\\ns\\ns\\n' | \(binary) moderation review"], environment: MitredenBinary.environment(database: url))
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("proposal: Bänke\n"), "\(result.output)")
            #expect(result.output.contains("text: Gutapproved\n"), "\(result.output)")
            let controls = result.output.unicodeScalars.filter {
                $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{202E}" || (0x80...0x9F).contains($0.value)
            }
            #expect(controls.isEmpty, "\(result.output.debugDescription)")
        }
    }
}
