import Foundation
import MitredenDomain
import MitredenStore

/// The Domplatz discussion of the demo, written through the same services as the API:
/// comments and replies held by pre-moderation, most of them then decided by the unit's
/// moderator (so the queue, its statistics and the audit log have something to show),
/// the rest left waiting; and official responses from the department.
struct DemoDiscussion {
    let database: Database
    let clock: AppClock
    let participants: [Account.ID]
    let staff: [String: DemoSeed.StaffMember]

    static let remarks: [(String, Stance)] = [
        ("Sehr gute Idee, im Sommer fehlt hier jeder Schatten.", .pro),
        ("Wer pflegt das später? Die Kosten für die Unterhaltung sollten mitgedacht werden.", .contra),
        ("Bitte auch an Menschen mit Rollator denken – ebene Wege sind wichtig.", .neutral),
        ("Das würde den Platz endlich zu einem Ort machen, an dem man bleibt.", .pro),
        ("Ich fürchte, das zieht abends Lärm an. Die Anwohner sollten gefragt werden.", .contra),
        ("Gibt es Beispiele aus anderen Städten, wie das funktioniert?", .neutral),
        ("Unbedingt! Für Familien aus der Innenstadt gibt es kaum Angebote.", .pro),
    ]

    func seed() async throws -> (comments: Int, decided: Int) {
        let comments = CommentService(database: database, clock: clock)
        let proposals = try await database.query(
            """
            SELECT p.id FROM proposals p JOIN campaigns c ON c.id = p.campaign_id
            WHERE c.slug = 'domplatz-dialog' ORDER BY p.created_at
            """
        ).map { try $0.decode(Proposal.ID.self) }
        var written: [Comment.ID] = []
        for (index, proposal) in proposals.enumerated() {
            for turn in 0..<(index % 4 + 2) {
                guard let author = try await Accounts.find(id: participants[(index * 13 + turn * 29) % participants.count], on: database) else {
                    continue
                }
                let remark = Self.remarks[(index + turn) % Self.remarks.count]
                // Every third comment answers the one before it.
                let parent = turn % 3 == 2 ? written.last : nil
                let view = try await comments.create(on: proposal, body: remark.0, stance: remark.1, parent: parent, by: author)
                written.append(view.record.id)
            }
        }
        let decided = try await moderate()
        try await respond(to: proposals)
        return (written.count, decided)
    }

    /// Approves most held comments (rejecting an off-topic one now and then) and leaves
    /// the newest dozen waiting for the demo's moderator.
    private func moderate() async throws -> Int {
        guard let moderatorID = staff["planung-moderation"]?.id,
            let moderator = try await Accounts.find(id: moderatorID, on: database)
        else { return 0 }
        let service = ModerationService(database: database, clock: clock)
        let items = try await service.items(for: moderator, campaign: "domplatz-dialog", limit: 1000)
        let actor = AuditActor(accountID: moderator.id, label: "moderator")
        var decided = 0
        for (index, item) in items.dropLast(12).enumerated() {
            let input =
                index % 11 == 10
                ? DecisionInput(decision: .reject, reason: .offTopic, note: "Bitte beim Thema Domplatz bleiben.")
                : DecisionInput(decision: .approve)
            _ = try await service.decide(item.id, input, by: actor, account: moderator)
            decided += 1
        }
        return decided
    }

    private func respond(to proposals: [Proposal.ID]) async throws {
        guard let officialID = staff["planung-fachamt"]?.id,
            let official = try await Accounts.find(id: officialID, on: database)
        else { return }
        let service = ResponseService(database: database, clock: clock)
        let answers: [(LifecycleStatus, String)] = [
            (.underReview, "Wir prüfen die Idee im Rahmen des Gestaltungswettbewerbs."),
            (.accepted, "Die Idee wird in die Ausschreibung des Wettbewerbs aufgenommen."),
            (.rejected, "Aus Gründen des Denkmalschutzes ist das an dieser Stelle leider nicht möglich."),
            (.noted, "Vielen Dank, wir geben den Hinweis an das Bezirksamt weiter."),
        ]
        for (index, proposal) in proposals.prefix(answers.count).enumerated() {
            _ = try await service.respond(to: proposal, status: answers[index].0, body: answers[index].1, by: official)
        }
    }
}
