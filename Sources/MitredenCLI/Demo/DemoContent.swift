import Foundation
import MitredenDomain
import MitredenStore

/// The contributions of the demo. Proposals (with map locations on the Domplatz, costs in
/// the districts) are written directly, dated in the past phases they belong to, because
/// the services rightly refuse proposals outside the proposals phase; comments, votes and
/// ballots go through the services.
struct DemoContent {
    let database: Database
    let clock: AppClock
    let participants: [Account.ID]
    let staff: [String: DemoSeed.StaffMember]
    let progress: (String) -> Void

    /// Ideas for the Domplatz: title, category, longitude and latitude.
    static let domplatzIdeas: [(String, String, Double, Double)] = [
        ("Mehr Bäume und Schatten am Rand des Platzes", "gruen", 9.99540, 53.55040),
        ("Ein Trinkbrunnen neben dem Eingang zur Domstraße", "aufenthalt", 9.99590, 53.55020),
        ("Sitzstufen aus Holz statt Betonbänken", "aufenthalt", 9.99560, 53.55010),
        ("Wasserspiel für Kinder im Sommer", "spiel", 9.99575, 53.55030),
        ("Regelmäßiger Wochenmarkt am Samstag", "veranstaltung", 9.99550, 53.55025),
        ("Die Lichtinstallation der Domgrundrisse erhalten", "aufenthalt", 9.99565, 53.55035),
        ("Blühwiese statt Rasen für Insekten", "gruen", 9.99530, 53.55015),
        ("Fahrradbügel an der Nordseite", "aufenthalt", 9.99600, 53.55045),
        ("Open-Air-Kino im August", "veranstaltung", 9.99555, 53.55028),
        ("Tischtennisplatten für Jugendliche", "spiel", 9.99545, 53.55005),
        ("Öffentliche Toiletten am Platzrand", "aufenthalt", 9.99610, 53.55012),
        ("Info-Stelen zur Geschichte der Hammaburg", "veranstaltung", 9.99570, 53.55042),
        ("Regenwasser in Mulden versickern lassen", "gruen", 9.99535, 53.55032),
        ("Keine Autos mehr auf der Speersort-Seite", "aufenthalt", 9.99620, 53.55000),
        ("Schachtische unter den Bäumen", "spiel", 9.99548, 53.55038),
    ]

    /// Projects for the district budget: title, area, category, cost in euros.
    static let budgetProjects: [(String, String, String, Int64)] = [
        ("Neue Spielgeräte im Lohmühlenpark", "st-georg", "soziales", 85_000),
        ("Sichere Radwege an der Langen Reihe", "st-georg", "verkehr", 180_000),
        ("Stadtteilbibliothek länger öffnen", "st-georg", "soziales", 45_000),
        ("Bäume für den Hansaplatz", "st-georg", "gruen", 60_000),
        ("Bänke und Schatten am Mittelkanal", "hammerbrook", "gruen", 70_000),
        ("Beleuchtung der Unterführung Süderstraße", "hammerbrook", "verkehr", 95_000),
        ("Nachbarschaftsgarten am Wasser", "hammerbrook", "gruen", 40_000),
        ("Jugendtreff mit Werkstatt", "hammerbrook", "soziales", 150_000),
        ("Zebrastreifen vor der Grundschule Borgfelde", "borgfelde", "verkehr", 30_000),
        ("Sanierung des Bolzplatzes", "borgfelde", "soziales", 120_000),
        ("Obstbäume im Gehölz", "borgfelde", "gruen", 25_000),
        ("Lastenrad-Verleih im Quartier", "borgfelde", "verkehr", 55_000),
        ("Hammer Park: neue Wege und Bänke", "hamm", "gruen", 210_000),
        ("Kulturfest an der Sievekingsallee", "hamm", "soziales", 35_000),
        ("Tempo-30-Markierungen und Schilder", "hamm", "verkehr", 20_000),
        ("Seniorentreff modernisieren", "hamm", "soziales", 140_000),
    ]

    func seed() async throws {
        let now = clock.now
        let day = DemoSeed.day
        guard let domplatz = try await Campaigns.find(slug: "domplatz-dialog", on: database),
            let budget = try await Campaigns.find(slug: "bezirksbudget-mitte", on: database)
        else {
            throw CommandFailure("the demo campaigns are missing")
        }
        var inserted = 0
        for (index, idea) in Self.domplatzIdeas.enumerated() {
            let location = GeoLocation(stored: #"{"type":"Point","coordinates":[\#(idea.2),\#(idea.3)]}"#)
            try await insertProposal(
                ProposalDraft(title: idea.0, body: Self.body(for: idea.0), category: idea.1, location: location), in: domplatz.id,
                author: participants[index * 7 % participants.count], createdAt: now - (29 - Double(index)) * day
            )
            inserted += 1
        }
        for (index, project) in Self.budgetProjects.enumerated() {
            try await insertProposal(
                ProposalDraft(title: project.0, body: Self.body(for: project.0), category: project.2, area: project.1, costCents: project.3 * 100),
                in: budget.id, author: participants[(index * 11 + 3) % participants.count], createdAt: now - (58 - Double(index)) * day
            )
            inserted += 1
        }
        progress("created \(inserted) proposals")
        let discussion = try await DemoDiscussion(database: database, clock: clock, participants: participants, staff: staff).seed()
        progress("created \(discussion.comments) comments on the Domplatz, \(discussion.decided) of them moderated, the rest awaiting moderation")
        let votes = try await DemoVotes(database: database, clock: clock, participants: participants).seed()
        progress("cast \(votes.supports) supports and \(votes.ratings) ratings on the Domplatz and \(votes.ballots) budget ballots")
    }

    static func body(for title: String) -> String {
        "\(title). So wird der Ort für alle besser nutzbar – für Familien, ältere Menschen und alle, die hier arbeiten."
    }

    /// A published proposal dated `createdAt`, through the proposal store.
    private func insertProposal(_ draft: ProposalDraft, in campaign: Campaign.ID, author: Account.ID, createdAt: Date) async throws {
        _ = try await Proposals.insert(
            draft, campaign: campaign, author: author, channel: .online, enteredBy: nil, status: .published, now: createdAt, on: database
        )
    }
}
