import Foundation
import MitredenDomain

/// Campaign management shared by the API and the CLI. Callers check who may act;
/// this checks what is valid, writes in one transaction and audits every change.
public struct CampaignService: Sendable {
    public let database: Database
    public let clock: AppClock

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    /// Creates a draft with its phases, categories and areas; all or nothing.
    public func create(_ spec: CampaignSpec, by actor: AuditActor) async throws -> CampaignRecord {
        let problems = CampaignValidation.problems(in: spec)
        guard problems.isEmpty else { throw ServiceError.invalid(problems) }
        guard let unit = try await Units.find(slug: spec.unit, on: database) else {
            throw ServiceError.invalid([.init(field: "unit", message: "no unit '\(spec.unit)'")])
        }
        let now = clock.now
        try await database.withTransaction { tx in
            let id = try await Campaigns.insert(spec.draft, unit: unit.id, on: tx)
            try await Campaigns.replacePhases(id, with: spec.phases, on: tx)
            for (position, category) in spec.categories.enumerated() {
                try await Campaigns.addCategory(category, position: position, to: id, on: tx)
            }
            for (position, area) in spec.areas.enumerated() {
                try await Campaigns.addArea(area, position: position, to: id, on: tx)
            }
            try await Audit.record(
                "campaign.create", target: ("campaign", spec.draft.slug), by: actor, reason: "in unit \(spec.unit)", now: now, on: tx
            )
        }
        return try await require(spec.draft.slug)
    }

    /// Applies `change` to the campaign's fields; the slug and kind stay as they are.
    public func update(
        _ slug: String, by actor: AuditActor, _ change: @Sendable (inout CampaignDraft) -> Void
    ) async throws -> CampaignRecord {
        let campaign = try await require(slug)
        var draft = campaign.fields
        change(&draft)
        draft.slug = campaign.fields.slug
        draft.kind = campaign.fields.kind
        let problems = CampaignValidation.problems(in: draft)
        guard problems.isEmpty else { throw ServiceError.invalid(problems) }
        let now = clock.now
        try await database.withTransaction { tx in
            try await Campaigns.update(campaign.id, to: draft, on: tx)
            try await Audit.record("campaign.update", target: ("campaign", slug), by: actor, reason: nil, now: now, on: tx)
        }
        return try await require(slug)
    }

    /// Replaces the schedule with `windows`, which must be in order and must not overlap.
    public func setPhases(_ slug: String, to windows: [PhaseWindow], by actor: AuditActor) async throws -> CampaignRecord {
        let problems = CampaignValidation.schedule(windows)
        guard problems.isEmpty else { throw ServiceError.invalid(problems) }
        let campaign = try await require(slug)
        let now = clock.now
        try await database.withTransaction { tx in
            try await Campaigns.replacePhases(campaign.id, with: windows, on: tx)
            try await Audit.record(
                "campaign.set-phases", target: ("campaign", slug), by: actor,
                reason: windows.map(\.kind.rawValue).joined(separator: ", "), now: now, on: tx
            )
        }
        return try await require(slug)
    }

    /// Publishes a draft; publishing a published campaign changes nothing.
    public func publish(_ slug: String, by actor: AuditActor) async throws -> CampaignRecord {
        let campaign = try await require(slug)
        switch campaign.status {
        case .published: return campaign
        case .archived: throw ServiceError.conflict(.state, "the campaign is archived")
        case .draft: break
        }
        guard !campaign.phases.isEmpty else { throw ServiceError.conflict(.state, "a campaign needs at least one phase before it is published") }
        let now = clock.now
        try await database.withTransaction { tx in
            try await Campaigns.setStatus(campaign.id, .published, now: now, on: tx)
            try await Audit.record("campaign.publish", target: ("campaign", slug), by: actor, reason: nil, now: now, on: tx)
        }
        return try await require(slug)
    }

    /// The campaign, or a 404 naming the slug.
    public func require(_ slug: String) async throws -> CampaignRecord {
        guard let campaign = try await Campaigns.find(slug: slug, on: database) else { throw ServiceError.notFound("no campaign '\(slug)'") }
        return campaign
    }

    /// One page of campaigns by slug after `cursor`: published and archived ones, and the
    /// drafts of `draftUnits` (all drafts when nil).
    public func list(draftUnits: [String]?, after cursor: String?, limit: Int) async throws -> [CampaignRecord] {
        try await Campaigns.list(draftUnits: draftUnits, after: cursor, limit: limit, on: database)
    }

    /// The campaign, or nil.
    public func find(_ slug: String) async throws -> CampaignRecord? {
        try await Campaigns.find(slug: slug, on: database)
    }
}
