import Foundation
import MitredenDomain
import MitredenStore

/// Budget ballots, shared by the API and tests. Callers establish that the account is a
/// verified participant; this checks phase, area and ballot rules, then stores the ballot
/// atomically (one transaction replaces the row's choices whole).
public struct BallotService: Sendable {
    public let database: Database
    public let clock: AppClock

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    /// Stores the ballot, replacing the participant's earlier one in the area. A ballot that
    /// breaks rules is refused with a 422 listing every rule it breaks.
    public func submit(campaign slug: String, area areaSlug: String, choices: [BallotChoice], by account: UUID) async throws -> BallotRecord {
        let (campaign, area, rules) = try await ballotArea(slug, areaSlug)
        try PhaseRules.require(.vote, in: campaign.phaseContext, at: clock.now)
        if rules.districtOnly == true, let district = try await Accounts(database: database).find(id: account)?.district,
           let area = campaign.areas.first(where: { $0.slug == areaSlug }),
           ![area.slug.lowercased(), area.name.lowercased()].contains(district.lowercased()) {
            throw APIError.forbidden("this campaign lets residents vote only in their own district's area (ballot.districtOnly); your district is \(district)")
        }
        let options = try await Ballots(database: database).options(campaign: campaign.id, area: area.id)
        let eligible = Dictionary(uniqueKeysWithValues: options.map { ($0.id, $0.costCents) })
        let violations = BallotValidator.violations(of: choices, rules: rules, eligible: eligible, budgetCents: area.budgetCents)
        guard violations.isEmpty else { throw APIError.ballot(violations) }
        let now = clock.now
        try await database.withTransaction { connection in
            try await VoteTargets.lockParticipant(campaign: campaign.id, account: account, on: connection, logger: database.logger)
            let ballots = Ballots(database: database)
            if rules.oneAreaOnly, let other = try await ballots.areas(campaign: campaign.id, account: account, on: connection)
                .first(where: { $0 != areaSlug }) {
                throw APIError.conflict("this campaign takes a ballot in one area only (ballot.oneAreaOnly) and you voted in '\(other)'; delete that ballot first")
            }
            _ = try await ballots.replace(campaign: campaign.id, area: area.id, account: account, choices: choices, now: now, on: connection)
        }
        return try await require(campaign: slug, area: areaSlug, account: account)
    }

    /// The participant's ballot in the area, or a 404.
    public func ballot(campaign slug: String, area areaSlug: String, account: UUID) async throws -> BallotRecord {
        try await require(campaign: slug, area: areaSlug, account: account)
    }

    /// Deletes the ballot while voting is open; deleting none changes nothing.
    public func withdraw(campaign slug: String, area areaSlug: String, by account: UUID) async throws {
        let (campaign, area, _) = try await ballotArea(slug, areaSlug)
        try PhaseRules.require(.vote, in: campaign.phaseContext, at: clock.now)
        try await database.withTransaction { connection in
            try await VoteTargets.lockParticipant(campaign: campaign.id, account: account, on: connection, logger: database.logger)
            _ = try await Ballots(database: database).delete(campaign: campaign.id, area: area.id, account: account, on: connection)
        }
    }

    private func require(campaign slug: String, area areaSlug: String, account: UUID) async throws -> BallotRecord {
        let (campaign, area, rules) = try await ballotArea(slug, areaSlug)
        guard var ballot = try await Ballots(database: database).find(campaign: campaign.id, area: area.id, account: account) else {
            throw APIError.notFound("you have no ballot in area '\(areaSlug)'")
        }
        if rules.method != .cumulative {
            ballot.choices = ballot.choices.map { BallotChoice(proposalID: $0.proposalID) }
        }
        return ballot
    }

    /// The visible budget campaign, the area and its ballot rules, or a 404 naming what is missing.
    private func ballotArea(_ slug: String, _ areaSlug: String) async throws -> (CampaignRecord, (id: UUID, budgetCents: Int64), BallotRules) {
        guard let campaign = try await Campaigns(database: database).find(slug: slug), campaign.status != .draft else {
            throw APIError.notFound("no campaign '\(slug)'")
        }
        guard let rules = campaign.fields.settings.ballot else {
            throw APIError.notFound("campaign '\(slug)' has no ballots; it is not a budget campaign")
        }
        guard let record = campaign.areas.first(where: { $0.slug == areaSlug }),
              let id = try await VoteTargets(database: database).area(campaign: campaign.id, slug: areaSlug) else {
            throw APIError.notFound("campaign '\(slug)' has no area '\(areaSlug)'")
        }
        return (campaign, (id, record.budgetCents), rules)
    }
}

extension APIError {
    /// A refused ballot: every broken rule as a field error whose message starts with the rule.
    static func ballot(_ violations: [BallotViolation]) -> APIError {
        var error = APIError.validation(violations.map { .init(field: $0.field, message: "\($0.rule): \($0.message)", rule: $0.rule) })
        error.kind = "ballot-rules"
        error.title = "The ballot breaks the campaign's ballot rules"
        return error
    }
}
