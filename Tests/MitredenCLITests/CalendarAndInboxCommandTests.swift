import Foundation
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// `mitreden calendar load|show` with the shipped Hamburg list, and `mitreden inbox --unit`.
@Suite struct CalendarAndInboxCommandTests {
    static func run(_ arguments: [String], _ url: DatabaseURL) async throws -> (status: Int32, output: String) {
        try await MitredenBinary.run(arguments, environment: MitredenBinary.environment(database: url, extra: ["MITREDEN_BCRYPT_COST": "4"]))
    }

    @Test func theHamburgListLoadsAndABrokenListIsRefusedByLine() async throws {
        try await withTestDatabase { url, database in
            let file = FileManager.default.temporaryDirectory.appending(path: "holidays-\(UUID().uuidString).csv").path
            try ResponsibilityFixtures.hamburgHolidays.write(toFile: file, atomically: true, encoding: .utf8)
            let loaded = try await Self.run(["calendar", "load", file], url)
            #expect(loaded.status == 0, "\(loaded.output)")
            #expect(loaded.output.contains("loaded 30 holidays for 2025, 2026, 2027"))
            // Loading again replaces, never doubles.
            #expect(try await Self.run(["calendar", "load", file], url).status == 0)
            #expect(try await database.query("SELECT count(*)::int FROM holidays")[0].decode(Int.self) == 30)
            let shown = try await Self.run(["calendar", "show", "--year", "2026"], url)
            #expect(shown.output.contains("2026-10-31\tReformationstag"), "\(shown.output)")
            #expect(!shown.output.contains("2027-"))

            try "2026-12-24,Heiligabend\n2026-13-01,Kein Tag\n".write(toFile: file, atomically: true, encoding: .utf8)
            let broken = try await Self.run(["calendar", "load", file], url)
            #expect(broken.status == 1)
            #expect(broken.output.contains("line 2"), "\(broken.output)")
            #expect(try await database.query("SELECT count(*)::int FROM holidays")[0].decode(Int.self) == 30, "nothing of a broken list")
            let audited = try await database.query("SELECT count(*)::int FROM audit_events WHERE action = 'calendar.load'")[0].decode(Int.self)
            #expect(audited == 2)
        }
    }

    @Test func theInboxListsOpenProposalsDueFirstWithOverdueMarked() async throws {
        try await withTestDatabase { url, database in
            // Thirty days ago a proposal was published under a 10-working-day promise; one today.
            let clock = ManualClock(Date() - 30 * 86_400)
            let fixtures = ResponsibilityFixtures(database: database, clock: clock)
            let paula = try await fixtures.account("Paula")
            let olga = try await fixtures.account("Olga", .official, of: "unit-a")
            try await fixtures.campaign("domplatz", promise: ResponsePromise(workingDays: 10))
            let late = try await fixtures.proposal("Alte Idee", in: "domplatz", by: paula)
            let answered = try await fixtures.proposal("Beantwortet", in: "domplatz", by: paula)
            try await fixtures.respond(to: answered.id, by: olga)
            clock.advance(by: 30 * 86_400)
            let fresh = try await fixtures.proposal("Neue Idee", in: "domplatz", by: paula)

            let inbox = try await Self.run(["inbox", "--unit", "unit-a"], url)
            #expect(inbox.status == 0, "\(inbox.output)")
            let lines = inbox.output.split(separator: "\n").filter { $0.contains("\t") }
            #expect(lines.count == 2)
            #expect(lines.first?.hasPrefix("OVERDUE ") == true && lines.first?.contains(late.id.description) == true, "\(inbox.output)")
            #expect(lines.last?.hasPrefix("due ") == true && lines.last?.contains(fresh.id.description) == true)
            #expect(try await Self.run(["inbox", "--unit", "nirgends"], url).status == 1)
        }
    }
}
