import Foundation
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// Reminders, digests and escalations of the response promise on an injected clock, with
/// two workers on two connection pools (two server instances) racing every round: each
/// mail goes out exactly once, and none after the response.
@Suite struct ResponseReminderTests {
    @Test func eachMailGoesOutOnceWithTwoWorkersAndNoneAfterTheResponse() async throws {
        try await withTestDatabase { url, database in
            let clock = ManualClock(ResponsibilityFixtures.moment("2027-01-04", hour: 9))  // a Monday
            let fixtures = ResponsibilityFixtures(database: database, clock: clock)
            try await fixtures.loadHamburgHolidays()
            let olga = try await fixtures.account("Olga", .official, of: "unit-a")
            _ = try await fixtures.account("Mara", .manager, of: "unit-a")
            let paula = try await fixtures.account("Paula")
            try await fixtures.campaign("domplatz", promise: ResponsePromise(workingDays: 3, reminderDaysBefore: 1))
            // Due Thursday 7 January, reminder on Wednesday the 6th.
            let open = try await fixtures.proposal("Mehr Bänke", in: "domplatz", by: paula)
            let answered = try await fixtures.proposal("Trinkbrunnen", in: "domplatz", by: paula)

            try await TestDatabases.withClient(url) { second in
                let workers = [database, second].map {
                    ResponseReminderWorker(database: $0, interval: .seconds(60), digestHour: 7, clock: clock.clock, logger: TestDatabases.logger)
                }
                /// Both workers, three rounds each, all at once; what they sent together.
                func race() async throws -> ReminderRound {
                    try await withThrowingTaskGroup(of: ReminderRound.self) { group in
                        for worker in workers { for _ in 0..<3 { group.addTask { try await worker.round() } } }
                        var total = ReminderRound()
                        for try await round in group {
                            total.reminders += round.reminders
                            total.digests += round.digests
                            total.escalations += round.escalations
                        }
                        return total
                    }
                }
                func round(reminders: Int, digests: Int, escalations: Int) -> ReminderRound {
                    var expected = ReminderRound()
                    (expected.reminders, expected.digests, expected.escalations) = (reminders, digests, escalations)
                    return expected
                }

                // Monday: the day's digest, nothing due yet.
                #expect(try await race() == round(reminders: 0, digests: 1, escalations: 0))
                try await fixtures.respond(to: answered.id, by: olga)
                fixtures.at("2027-01-04", hour: 15)
                #expect(try await race() == round(reminders: 0, digests: 0, escalations: 0), "one digest a day")
                // Tuesday, before the digest hour: nothing.
                fixtures.at("2027-01-05", hour: 6)
                #expect(try await race() == round(reminders: 0, digests: 0, escalations: 0))
                // Wednesday: the reminder for the open proposal only, and the digest.
                fixtures.at("2027-01-06", hour: 9)
                #expect(try await race() == round(reminders: 1, digests: 1, escalations: 0))
                // Thursday, the due day: a digest, no escalation yet.
                fixtures.at("2027-01-07", hour: 9)
                #expect(try await race() == round(reminders: 0, digests: 1, escalations: 0))
                // Friday: overdue, the managers are told once.
                fixtures.at("2027-01-08", hour: 9)
                #expect(try await race() == round(reminders: 0, digests: 1, escalations: 1))
                // Saturday: no digest on a day off, no second escalation.
                fixtures.at("2027-01-09", hour: 9)
                #expect(try await race() == round(reminders: 0, digests: 0, escalations: 0))
                // Answered on Monday: nothing more for anyone.
                fixtures.at("2027-01-11", hour: 8)
                try await fixtures.respond(to: open.id, by: olga)
                #expect(try await race() == round(reminders: 0, digests: 0, escalations: 0))
                fixtures.at("2027-01-12", hour: 9)
                #expect(try await race() == round(reminders: 0, digests: 0, escalations: 0))
            }

            let toOlga = try await Outbox.all(to: "olga@example.org", on: database)
            let reminders = toOlga.filter { $0.subject.hasPrefix("Mitreden: Antwort fällig") }
            #expect(reminders.count == 1)
            #expect(reminders.first?.subject == "Mitreden: Antwort fällig am 07.01.2027", "German by default, a German date")
            #expect(reminders.first?.body.contains(open.id.description) == true)
            #expect(toOlga.filter { $0.subject.hasPrefix("Mitreden: Ihre offenen Vorschläge") }.count == 4)
            #expect(!toOlga.contains { $0.body.contains(answered.id.description) }, "nothing about the answered proposal")
            let toMara = try await Outbox.all(to: "mara@example.org", on: database)
            #expect(toMara.map(\.subject) == ["Mitreden: Antwort überfällig seit 07.01.2027"])
            #expect(toMara.first?.body.contains("Mehr Bänke") == true)
            #expect(try await Outbox.all(to: "paula@example.org", on: database).allSatisfy { !$0.subject.contains("fällig") })
        }
    }

    @Test func theDueDayIsSetWhenAProposalIsPublishedAndKeptOnTheHamburgCalendar() async throws {
        try await withTestDatabase { _, database in
            // Published on New Year's Day 2027 (a holiday): 10 working days end on Friday 15 January.
            let clock = ManualClock(ResponsibilityFixtures.moment("2027-01-01", hour: 12))
            let fixtures = ResponsibilityFixtures(database: database, clock: clock)
            try await fixtures.loadHamburgHolidays()
            let paula = try await fixtures.account("Paula")
            try await fixtures.campaign("domplatz", promise: ResponsePromise(workingDays: 10, reminderDaysBefore: 2))
            try await fixtures.campaign("ohne-frist", promise: nil)
            let promised = try await fixtures.proposal("Mehr Bänke", in: "domplatz", by: paula)
            let unpromised = try await fixtures.proposal("Bänke", in: "ohne-frist", by: paula)
            let rows = try await database.query(
                "SELECT proposal_id, published_on::text, remind_on::text, due_on::text FROM response_duties"
            ).map { try $0.decode((Proposal.ID, String, String, String).self) }
            #expect(rows.count == 1)
            #expect(rows.first?.0 == promised.id && rows.first?.1 == "2027-01-01" && rows.first?.2 == "2027-01-13" && rows.first?.3 == "2027-01-15")
            // Both are assigned to their campaign's unit, with or without a promise.
            let units = try await database.query("SELECT count(*)::int FROM proposals WHERE responsible_unit_id IS NOT NULL")[0].decode(Int.self)
            #expect(units == 2)
            _ = unpromised
        }
    }
}
