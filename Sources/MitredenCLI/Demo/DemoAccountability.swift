import Foundation
import MitredenDomain
import MitredenStore

/// The Domplatz's response promise in the demo (10 working days): one proposal handed over
/// from the planning department to the district office, most answered — some in time,
/// some late, dated in the past as if the departments had answered then — two left
/// overdue, the newest still within their time, and a few implementation updates.
struct DemoAccountability {
    let database: Database
    let clock: AppClock
    let staff: [String: DemoSeed.StaffMember]

    /// Routes events to the district office; the rest stays with the planning department.
    static let routes = [CampaignRoute(category: "veranstaltung", area: nil, unit: "bezirksamt-mitte")]

    func seed() async throws -> (inTime: Int, late: Int, overdue: Int) {
        let calendar = try await Holidays.calendar(on: database)
        let today = calendar.day(of: clock.now)
        guard let admin = try await account("admin") else { throw CommandFailure("the demo admin is missing") }
        // The handover, a day after the proposal was published.
        let toilets = try await database.query(
            """
            SELECT p.id, d.published_on::text FROM proposals p JOIN response_duties d ON d.proposal_id = p.id
            WHERE p.title = 'Öffentliche Toiletten am Platzrand'
            """)
        if let row = toilets.first, let manager = try await account("planung-manager") {
            let (id, published) = try row.decode((Proposal.ID, String).self)
            let moment = calendar.moment(CalendarDay(published)!.next, hour: 10)
            _ = try await RoutingService(database: database, clock: AppClock { moment })
                .handOver(id, to: "bezirksamt-mitte", reason: "Öffentliche Toiletten betreibt das Bezirksamt, nicht die Stadtplanung.", by: manager)
        }
        let open = try await database.query(
            """
            SELECT d.proposal_id, d.published_on::text, d.due_on::text FROM response_duties d JOIN campaigns c ON c.id = d.campaign_id
            WHERE c.slug = 'domplatz-dialog' AND d.first_response_at IS NULL ORDER BY d.due_on, d.published_on, d.proposal_id
            """
        ).map { row in
            let (id, published, due) = try row.decode((Proposal.ID, String, String).self)
            return (id: id, published: CalendarDay(published)!, due: CalendarDay(due)!)
        }
        var counts = (inTime: 0, late: 0, overdue: 0)
        var answered: [(Proposal.ID, AccountRecord)] = []
        for duty in open where duty.due < today {
            if counts.overdue < 2 {
                counts.overdue += 1
                continue
            }
            let late = (counts.inTime + counts.late) % 3 == 2
            let day = late ? min(calendar.adding(workingDays: 2, to: duty.due), today) : calendar.adding(workingDays: 3, to: duty.published)
            let moment = min(calendar.moment(day, hour: 11), clock.now)
            guard let proposal = try await Proposals.find(duty.id, on: database),
                let official = try await account(proposal.responsibleUnit == "bezirksamt-mitte" ? "mitte-fachamt" : "planung-fachamt")
            else { continue }
            _ = try await ResponseService(database: database, clock: AppClock { moment }).respond(
                to: duty.id, status: late ? .underReview : .accepted,
                body: late
                    ? "Entschuldigen Sie die späte Antwort: Wir prüfen die Idee mit dem Gestaltungswettbewerb."
                    : "Die Idee wird in die Ausschreibung des Gestaltungswettbewerbs aufgenommen.",
                by: official)
            if late { counts.late += 1 } else { counts.inTime += 1 }
            answered.append((duty.id, official))
        }
        // What became of two accepted ideas, reported by the admin long after the answer.
        let accountability = AccountabilityService(database: database, clock: clock)
        if let first = answered.first {
            _ = try await accountability.addUpdate(
                to: first.0, status: .planned, note: "Aufnahme in den ersten Bauabschnitt.", reason: nil,
                effectiveOn: calendar.adding(workingDays: 60, to: today), by: admin)
        }
        if answered.count > 1 {
            _ = try await accountability.addUpdate(
                to: answered[1].0, status: .notDone, note: "", reason: "Leitungen im Untergrund lassen es an dieser Stelle nicht zu.",
                effectiveOn: today, by: admin)
        }
        return counts
    }

    private func account(_ key: String) async throws -> AccountRecord? {
        guard let id = staff[key]?.id else { return nil }
        return try await Accounts.find(id: id, on: database)
    }
}
