import Foundation
import MitredenDomain

/// Budget ballots, shared by the API and tests. Callers establish that the account is a
/// verified participant; this checks phase, area and ballot rules, then stores the ballot
/// atomically (one transaction replaces the row's choices whole).
public struct BallotService: Sendable {
    public let database: Database
    public let clock: AppClock
    /// The API's limits on participants' writes; none for the command line.
    public var writeLimits = WriteLimits.unlimited

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    /// Stores the ballot, replacing the participant's earlier one in the area. A ballot that
    /// breaks rules is refused with a 422 listing every rule it breaks.
    public func submit(campaign slug: String, area areaSlug: String, choices: [BallotChoice], by account: Account.ID) async throws -> BallotRecord {
        try await writeLimits.consume(.ballot, by: account, now: clock.now, on: database)
        let (campaign, area, rules) = try await ballotArea(slug, areaSlug)
        try campaign.require(.vote, at: clock.now)
        if rules.districtOnly == true, let district = try await Accounts.find(id: account, on: database)?.district,
            ![area.record.slug.lowercased(), area.record.name.lowercased()].contains(district.lowercased())
        {
            throw ServiceError.forbidden(
                "this campaign lets residents vote only in their own district's area (ballot.districtOnly); your district is \(district)")
        }
        let options = try await Ballots.options(campaign: campaign.id, area: area.id, on: database)
        let eligible = Dictionary(uniqueKeysWithValues: options.map { ($0.id, $0.costCents) })
        let violations = BallotValidator.violations(of: choices, rules: rules, eligible: eligible, budgetCents: area.record.budgetCents)
        guard violations.isEmpty else { throw ServiceError.invalid(violations.map(FieldProblem.init)) }
        let now = clock.now
        try await database.withTransaction { tx in
            try await ParticipantLock.acquire(campaign: campaign.id, account: account, on: tx)
            if rules.oneAreaOnly,
                let other = try await Ballots.areas(campaign: campaign.id, account: account, on: tx)
                    .first(where: { $0 != areaSlug })
            {
                throw ServiceError.conflict(
                    .state, "this campaign takes a ballot in one area only (ballot.oneAreaOnly) and you voted in '\(other)'; delete that ballot first"
                )
            }
            _ = try await Ballots.replace(campaign: campaign.id, area: area.id, account: account, choices: choices, now: now, on: tx)
        }
        return try await require(campaign: slug, area: areaSlug, account: account)
    }

    /// The participant's ballot in the area, or a 404.
    public func ballot(campaign slug: String, area areaSlug: String, account: Account.ID) async throws -> BallotRecord {
        try await require(campaign: slug, area: areaSlug, account: account)
    }

    /// A page of the account's ballots in every campaign and area, newest first, with what
    /// it chose on each.
    public func ballots(of account: Account.ID, after: ActivityCursor?, limit: Int) async throws -> ActivityPage<MyBallot> {
        try await MyVotes.ballots(of: account, after: after, limit: limit, on: database)
    }

    /// Deletes the ballot while voting is open; deleting none changes nothing.
    public func withdraw(campaign slug: String, area areaSlug: String, by account: Account.ID) async throws {
        try await writeLimits.consume(.ballot, by: account, now: clock.now, on: database)
        let (campaign, area, _) = try await ballotArea(slug, areaSlug)
        try campaign.require(.vote, at: clock.now)
        try await database.withTransaction { tx in
            try await ParticipantLock.acquire(campaign: campaign.id, account: account, on: tx)
            _ = try await Ballots.delete(campaign: campaign.id, area: area.id, account: account, on: tx)
        }
    }

    private func require(campaign slug: String, area areaSlug: String, account: Account.ID) async throws -> BallotRecord {
        let (campaign, area, rules) = try await ballotArea(slug, areaSlug)
        guard var ballot = try await Ballots.find(campaign: campaign.id, area: area.id, account: account, on: database) else {
            throw ServiceError.notFound("you have no ballot in area '\(areaSlug)'")
        }
        if rules.method != .cumulative {
            ballot.choices = ballot.choices.map { BallotChoice(proposalID: $0.proposalID) }
        }
        return ballot
    }

    /// The visible budget campaign, the area and its ballot rules, or a 404 naming what is missing.
    private func ballotArea(
        _ slug: String, _ areaSlug: String
    ) async throws -> (CampaignRecord, (id: BudgetArea.ID, record: BudgetAreaRecord), BallotRules) {
        // Ballots are a participant's own: a draft is as missing for them as for anyone.
        let campaign = try await Visibility.campaign(slug, for: nil, database: database)
        guard let rules = campaign.fields.settings.ballot else {
            throw ServiceError.notFound("campaign '\(slug)' has no ballots; it is not a budget campaign")
        }
        guard let record = try? campaign.area(areaSlug), let id = try await Campaigns.area(areaSlug, of: campaign.id, on: database) else {
            throw ServiceError.notFound("campaign '\(slug)' has no area '\(areaSlug)'")
        }
        return (campaign, (id, record), rules)
    }
}

extension FieldProblem {
    /// A broken ballot rule as a field problem whose message starts with the rule.
    init(_ violation: BallotViolation) {
        self.init(field: violation.field, message: "\(violation.rule): \(violation.message)", rule: violation.rule)
    }
}
