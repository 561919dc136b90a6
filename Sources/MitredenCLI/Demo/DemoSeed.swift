import Foundation
import MitredenDomain
import MitredenPasswords
import MitredenStore

/// Fills an empty database with two consultations modelled on Hamburg's: a dialogue on
/// redesigning the Domplatz (pre-moderated comments, in its discussion phase) and a
/// district budget with four areas and knapsack ballots (voting now). Phases are placed
/// around the current time so the demo is alive whenever it is started.
struct DemoSeed {
    let database: Database
    let clock: AppClock
    let settings: AccountSettings
    let progress: (String) -> Void

    /// Participants' pseudonyms are `Buerger001`…; they share one password so a tester can
    /// log in as anyone.
    static let participantCount = 300
    static let participantPassword = "demo participant 2026"

    /// The staff accounts, their passwords (generated) and what they may do.
    struct Credentials: Sendable {
        var lines: [String]
    }

    static let day: TimeInterval = 86_400

    func run() async throws -> Credentials {
        guard try await Campaigns.count(on: database) == 0,
            try await database.query("SELECT count(*)::int FROM accounts")[0].decode(Int.self) == 0
        else {
            throw CommandFailure("the database is not empty; `demo seed` only fills a fresh database (see `mitreden demo seed --help`)")
        }
        let staff = try await createStaff()
        progress("created units and \(staff.count) staff accounts")
        let participants = try await createParticipants()
        progress("created \(participants.count) participants")
        let campaigns = CampaignService(database: database, clock: clock)
        let planner = DemoPlanner.campaign(phases: [
            window(.information, from: -20, to: -7), window(.voting, from: -7, to: 21), window(.evaluation, from: 21, to: 35),
            window(.results, from: 35, to: 400),
        ])
        for spec in [domplatz(), districtBudget(), planner] {
            _ = try await campaigns.create(spec, by: .commandLine)
            _ = try await campaigns.publish(spec.draft.slug, by: .commandLine)
        }
        if let domplatz = try await Campaigns.find(slug: "domplatz-dialog", on: database) {
            try await database.withTransaction { tx in try await CampaignRoutes.replace(DemoAccountability.routes, of: domplatz.id, on: tx) }
        }
        progress("created campaigns domplatz-dialog (discussion), bezirksbudget-mitte (voting) and hamburger-haushalt-2027 (voting)")
        try await DemoContent(database: database, clock: clock, participants: participants, staff: staff, progress: progress).seed()
        let promise = try await DemoAccountability(database: database, clock: clock, staff: staff).seed()
        progress(
            "Domplatz response promise (10 working days): \(promise.inTime) answered in time, \(promise.late) late, \(promise.overdue) overdue now, one handed over"
        )
        let plans = try await DemoPlanner(
            database: database, clock: clock, participants: participants,
            manager: AuditActor(accountID: staff["finanz-manager"]?.id, label: "manager")
        ).seed()
        progress("Hamburger Haushalt 2027: budget planner with 12 areas, \(plans) plans submitted (5 on paper)")
        var lines = ["Staff accounts (e-mail / password / role):"]
        for member in staff.values.sorted(by: { $0.email < $1.email }) {
            lines.append("  \(member.email)  \(member.password)  \(member.role)")
        }
        lines.append(
            "Participants: buerger001@demo.mitreden.org … buerger\(String(format: "%03d", Self.participantCount))@demo.mitreden.org, "
                + "password \"\(Self.participantPassword)\"")
        return Credentials(lines: lines)
    }

    struct StaffMember: Sendable {
        var id: Account.ID
        var email: String
        var password: String
        var role: String
    }

    /// Units and staff: an admin, and for each unit a manager, a moderator and an official.
    private func createStaff() async throws -> [String: StaffMember] {
        let units = UnitService(database: database, clock: clock)
        _ = try await units.create(slug: "stadtplanung", name: "Behörde für Stadtentwicklung – Stadtplanung", by: .commandLine)
        _ = try await units.create(slug: "bezirksamt-mitte", name: "Bezirksamt Hamburg-Mitte", by: .commandLine)
        _ = try await units.create(slug: "finanzbehoerde", name: "Finanzbehörde – Haushaltsabteilung", by: .commandLine)
        let accounts = AccountService(database: database, settings: settings, clock: clock)
        var staff: [String: StaffMember] = [:]
        let plan: [(key: String, name: String, unit: String?, role: UnitRole?)] = [
            ("admin", "Demo Admin", nil, nil),
            ("planung-manager", "Planung Leitung", "stadtplanung", .manager),
            ("planung-moderation", "Planung Moderation", "stadtplanung", .moderator),
            ("planung-fachamt", "Planung Fachamt", "stadtplanung", .official),
            ("mitte-manager", "Mitte Leitung", "bezirksamt-mitte", .manager),
            ("mitte-moderation", "Mitte Moderation", "bezirksamt-mitte", .moderator),
            ("mitte-fachamt", "Mitte Fachamt", "bezirksamt-mitte", .official),
            ("finanz-manager", "Haushalt Leitung", "finanzbehoerde", .manager),
        ]
        for entry in plan {
            let email = "\(entry.key)@demo.mitreden.org"
            let password = SecretToken.generate().text.prefix(20).description
            let id = try await accounts.createStaff(
                email: email, password: password, displayName: entry.name, role: entry.role == nil ? .admin : .participant, by: .commandLine
            )
            if let unit = entry.unit, let role = entry.role {
                try await units.addMember(unit: unit, account: id, role: role, by: .commandLine)
            }
            staff[entry.key] = StaffMember(
                id: id, email: email, password: password,
                role: entry.role.map { "\($0.rawValue) of \(entry.unit!)" } ?? "admin")
        }
        return staff
    }

    /// Verified participants spread over the four districts, in one statement with one
    /// shared password hash (hashing 300 passwords would take a minute).
    private func createParticipants() async throws -> [Account.ID] {
        let hash = try await PasswordHasher(cost: settings.bcryptCost).hash(Self.participantPassword)
        let now = clock.now
        let count = Self.participantCount
        return try await database.query(
            """
            INSERT INTO accounts (email, display_name, password_hash, district, role, verified_at, created_at)
            SELECT format('buerger%s@demo.mitreden.org', lpad(n::text, 3, '0')), format('Buerger%s', lpad(n::text, 3, '0')),
                   \(hash), (ARRAY['st-georg', 'hammerbrook', 'borgfelde', 'hamm'])[1 + n % 4], 'participant', \(now), \(now)
            FROM generate_series(1, \(count)) AS n
            RETURNING id
            """
        ).map { try $0.decode(Account.ID.self) }
    }

    private func window(_ kind: PhaseKind, from start: Double, to end: Double) -> PhaseWindow {
        let now = clock.now
        return PhaseWindow(kind: kind, startsAt: now + start * Self.day, endsAt: now + end * Self.day)
    }

    private func domplatz() -> CampaignSpec {
        var settings = CampaignSettings()
        settings.ratingsEnabled = true
        settings.supportsPerParticipant = 10
        // Every idea gets the department's answer within ten working days (issue 15).
        settings.responsePromise = ResponsePromise(workingDays: 10, reminderDaysBefore: 2)
        let draft = CampaignDraft(
            slug: "domplatz-dialog", title: "Domplatz: Wie soll der Platz künftig aussehen?",
            summary: "Die Stadt gestaltet den Domplatz neu. Sagen Sie uns, was Ihnen dort wichtig ist.",
            description: "Ideen sammeln, diskutieren, bewerten: Die Ergebnisse fließen in den Gestaltungswettbewerb ein. "
                + "Jede Idee erhält eine Antwort der Fachbehörde.",
            kind: .dialogue, proposalModeration: .post, commentModeration: .pre, settings: settings
        )
        return CampaignSpec(
            unit: "stadtplanung", draft: draft,
            phases: [
                window(.information, from: -40, to: -30), window(.proposals, from: -30, to: -5),
                window(.discussion, from: -5, to: 20), window(.evaluation, from: 20, to: 40), window(.results, from: 40, to: 400),
            ],
            categories: [
                CategoryRecord(slug: "gruen", name: "Grün und Klima"), CategoryRecord(slug: "aufenthalt", name: "Aufenthalt und Sitzen"),
                CategoryRecord(slug: "spiel", name: "Spiel und Bewegung"), CategoryRecord(slug: "veranstaltung", name: "Veranstaltungen"),
            ]
        )
    }

    private func districtBudget() -> CampaignSpec {
        var settings = CampaignSettings()
        settings.supportsPerParticipant = 5
        settings.ballot = BallotRules(method: .knapsack, minSpendPercent: 0, oneAreaOnly: false)
        let draft = CampaignDraft(
            slug: "bezirksbudget-mitte", title: "Bürgerhaushalt Hamburg-Mitte 2027",
            summary: "Sie entscheiden, wofür 1,2 Millionen Euro in vier Stadtteilen ausgegeben werden.",
            kind: .budget, proposalModeration: .pre, commentModeration: .post, settings: settings
        )
        return CampaignSpec(
            unit: "bezirksamt-mitte", draft: draft,
            phases: [
                window(.proposals, from: -60, to: -30), window(.discussion, from: -30, to: -10),
                window(.voting, from: -10, to: 11), window(.evaluation, from: 11, to: 25), window(.results, from: 25, to: 400),
            ],
            categories: [
                CategoryRecord(slug: "verkehr", name: "Verkehr"), CategoryRecord(slug: "gruen", name: "Grünflächen"),
                CategoryRecord(slug: "soziales", name: "Soziales und Kultur"),
            ],
            areas: [
                BudgetAreaRecord(slug: "st-georg", name: "St. Georg", budgetCents: 30_000_000),
                BudgetAreaRecord(slug: "hammerbrook", name: "Hammerbrook", budgetCents: 25_000_000),
                BudgetAreaRecord(slug: "borgfelde", name: "Borgfelde", budgetCents: 25_000_000),
                BudgetAreaRecord(slug: "hamm", name: "Hamm", budgetCents: 40_000_000),
            ]
        )
    }
}
