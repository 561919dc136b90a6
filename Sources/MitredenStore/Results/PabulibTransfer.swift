import Foundation
import MitredenDomain

/// Pabulib files in and out of the database. An import becomes a closed budget campaign
/// (published, its phases in the past, the results phase running) with one area, the
/// projects as proposals keeping their Pabulib id as `reference`, and the votes as
/// anonymous ballots: ballots with no account (`account_id` NULL). No person stands behind
/// an imported vote, so inventing accounts for them would only add rows that look like
/// people; a NULL voter never collides in the one-ballot-per-account key.
public struct PabulibTransfer: Sendable {
    public let database: Database
    public let clock: AppClock

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    /// Creates the campaign in one transaction (nothing is left behind on failure) and
    /// returns it. `slug` defaults to one made from `name`, numbered when taken.
    /// `progress` hears the number of ballots written so far, after each batch. `language` is
    /// the campaign's language, which its summary (the importer's note) is written in.
    public func importElection(
        _ election: PabulibElection, name: String, unit: String, slug: String? = nil, language: Language = .de,
        progress: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws -> CampaignRecord {
        guard let unitRecord = try await Units.find(slug: unit, on: database) else {
            throw ServiceError.invalid([.init(field: "unit", message: "no unit '\(unit)'")])
        }
        let cents = { (value: Rational, what: String) throws -> Int64 in
            let scaled = value * Rational(100)
            guard scaled.isInteger, let whole = Int64(scaled.exactDecimalString ?? "") else {
                throw ServiceError.invalid([.init(field: what, message: "\(value) is not a whole number of cents")])
            }
            guard whole <= InputCeilings.maximumCents else {
                throw ServiceError.invalid([.init(field: what, message: "\(value) is more than the ceiling of \(InputCeilings.maximumCents) cents")])
            }
            return whole
        }
        let budget = try cents(election.budget, "budget")
        guard budget > 0 else { throw ServiceError.invalid([.init(field: "budget", message: "must be more than 0")]) }
        var projects: [PabulibImport.Project] = []
        var byReference: [String: Proposal.ID] = [:]
        for project in election.projects {
            guard (1...100).contains(project.id.count) else {
                throw ServiceError.invalid([.init(field: "project_id", message: "'\(project.id.prefix(40))' must have 1 to 100 characters")])
            }
            let title = String((project.fields["name"] ?? "Project \(project.id)").prefix(200))
            let imported = PabulibImport.Project(
                id: .random(), reference: project.id, title: title.isEmpty ? "Project \(project.id)" : title,
                costCents: try cents(project.cost, "cost of project \(project.id)"))
            projects.append(imported)
            byReference[project.id] = imported.id
        }
        let ballots: [PabulibImport.Ballot] = election.votes.map { vote in
            vote.projectIDs.enumerated().compactMap { index, id in
                byReference[id].map { ($0, vote.points?[index].exactDecimalString ?? "1") }
            }
        }
        let slug = try await freeSlug(slug ?? Self.slug(from: name))
        let draft = CampaignDraft(
            slug: slug, title: String((election.meta["description"] ?? name).prefix(200)).nonEmpty ?? name,
            summary: Self.importNote(file: name, in: language).prefix(1000).description, kind: .budget,
            settings: Self.settings(for: election)
        )
        let now = clock.now
        let day: TimeInterval = 86_400
        let phases = [
            PhaseWindow(kind: .voting, startsAt: now.addingTimeInterval(-3 * day), endsAt: now.addingTimeInterval(-2 * day)),
            PhaseWindow(kind: .evaluation, startsAt: now.addingTimeInterval(-2 * day), endsAt: now.addingTimeInterval(-day)),
            PhaseWindow(kind: .results, startsAt: now.addingTimeInterval(-day), endsAt: now.addingTimeInterval(3650 * day)),
        ]
        try await database.withTransaction { tx in
            let id = try await Campaigns.insert(draft, unit: unitRecord.id, on: tx)
            try await Campaigns.replacePhases(id, with: phases, on: tx)
            try await Campaigns.addArea(
                BudgetAreaRecord(slug: "all", name: election.meta["unit"] ?? "All", budgetCents: budget), position: 0, to: id, on: tx)
            try await Campaigns.setStatus(id, .published, now: now, on: tx)
            guard let area = try await Campaigns.area("all", of: id, on: tx) else { throw ServiceError.unexpected("the imported area vanished") }
            try await PabulibImport.insertProjects(projects, campaign: id, area: area, now: now, on: tx)
            try await PabulibImport.insertBallots(ballots, campaign: id, area: area, now: now, on: tx, progress: progress)
            try await PabulibImport.recordSource(area: area, campaign: id, voteType: election.voteType, meta: election.meta, on: tx)
            try await Audit.record(
                "campaign.import-pabulib", target: ("campaign", slug), by: .commandLine,
                reason: "\(name): \(projects.count) projects, \(ballots.count) ballots", now: now, on: tx
            )
        }
        return try await CampaignService(database: database, clock: clock).require(slug)
    }

    /// The note an imported campaign carries as its summary, in the campaign's language.
    public static func importNote(file: String, in language: Language) -> String {
        switch language {
        case .de: "Importiert aus der Pabulib-Datei \(file); die Stimmzettel sind anonym, jeder zählt als eine teilnehmende Person."
        case .en: "Imported from the Pabulib file \(file); the ballots are anonymous, each counts as one participant."
        }
    }

    /// The ballots of one area as a Pabulib election, voters numbered 1… in stored order.
    public func exportElection(campaign slug: String, area areaSlug: String? = nil) async throws -> PabulibElection {
        let campaign = try await CampaignService(database: database, clock: clock).require(slug)
        let area = try campaign.area(named: areaSlug)
        guard let areaID = try await Campaigns.area(area.slug, of: campaign.id, on: database) else {
            throw ServiceError.notFound("no area '\(area.slug)'")
        }
        let input = try await ResultInputs.input(campaign: campaign.id, area: areaID, method: campaign.fields.settings.ballot?.method, in: database)
        let meta = try await PabulibImport.source(area: areaID, on: database)
        return Self.election(input, meta: meta, campaign: campaign, area: area)
    }

    /// The stored ballots of one area as a Pabulib election; voters are numbered 1…n in
    /// ballot order and carry nothing that points to a person.
    static func election(_ input: ResultInput, meta stored: PabulibMeta?, campaign: CampaignRecord, area: BudgetAreaRecord) -> PabulibElection {
        var meta =
            stored
            ?? PabulibMeta([
                ("description", campaign.fields.title), ("country", "unknown"), ("unit", area.name), ("instance", campaign.slug),
                ("rule", "unknown"), ("date_begin", ""), ("date_end", ""),
            ])
        meta["num_votes"] = nil
        let ruleIDs = Dictionary(uniqueKeysWithValues: input.projects.map { ($0.id, $0.ruleID) })
        let votes = input.ballots.enumerated().map { index, choices in
            vote(number: index + 1, choices: choices, ruleIDs: ruleIDs, voteType: input.voteType)
        }
        return PabulibElection(
            meta: meta, voteType: input.voteType, budget: ResultInput.currency(input.budgetCents), projectColumns: ["name"],
            projects: input.projects.map { PabulibProject(id: $0.ruleID, cost: ResultInput.currency($0.costCents), fields: ["name": $0.title]) },
            votes: votes
        )
    }

    static func settings(for election: PabulibElection) -> CampaignSettings {
        var settings = CampaignSettings()
        if election.voteType.carriesPoints {
            let most = election.votes.map { ($0.points ?? []).reduce(Rational.zero, +) }.max() ?? .one
            let points = Int(most.floor.description).map { max($0, 1) } ?? 1
            settings.ballot = BallotRules(method: .cumulative, points: points)
        } else {
            settings.ballot = BallotRules(method: .approval, minChoices: 0)
        }
        return settings
    }

    /// A slug from a file name: lower-case letters and digits joined by single hyphens.
    static func slug(from name: String) -> String {
        let base = (name as NSString).lastPathComponent.replacingOccurrences(of: ".pb", with: "").lowercased()
        let parts = base.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        let joined = parts.joined(separator: "-")
        return String((joined.isEmpty ? "pabulib" : joined).prefix(60)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }

    private func freeSlug(_ base: String) async throws -> String {
        var candidate = base
        var number = 2
        while try await Campaigns.find(slug: candidate, on: database) != nil {
            candidate = "\(base)-\(number)"
            number += 1
        }
        return candidate
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}

extension PabulibTransfer {
    /// One ballot as a Pabulib vote: voter `number`, the projects by their rule ids.
    static func vote(
        number: Int, choices: [(proposal: Proposal.ID, points: String)], ruleIDs: [Proposal.ID: String], voteType: BudgetVoteType
    ) -> PabulibVote {
        let named = choices.compactMap { choice in ruleIDs[choice.proposal].map { ($0, choice.points) } }
        return PabulibVote(
            voterID: String(number), projectIDs: named.map(\.0),
            points: voteType.carriesPoints ? named.map { Rational(decimal: $0.1) ?? .zero } : nil
        )
    }
}
