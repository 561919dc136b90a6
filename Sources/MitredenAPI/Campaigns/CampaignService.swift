import Foundation
import MitredenDomain
import MitredenStore

/// Campaign management shared by the API and the CLI. Callers check who may act;
/// this checks what is valid, writes in one transaction and audits every change.
public struct CampaignService: Sendable {
    public let database: Database
    public let clock: AppClock

    public init(database: Database, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    var store: Campaigns { Campaigns(database: database) }

    /// Creates a draft with its phases, categories and areas; all or nothing.
    public func create(_ spec: CampaignSpec, by actor: AuditActor) async throws -> CampaignRecord {
        let problems = CampaignValidation.problems(in: spec)
        guard problems.isEmpty else { throw APIError.validation(problems) }
        guard let unit = try await Units(database: database).find(slug: spec.unit) else {
            throw APIError.validation([.init(field: "unit", message: "no unit '\(spec.unit)'")])
        }
        let now = clock.now
        try await database.withTransaction { connection in
            let id = try await store.insert(spec.draft, unit: unit.id, on: connection)
            try await store.replacePhases(id, with: spec.phases, on: connection)
            for (position, category) in spec.categories.enumerated() {
                try await store.addCategory(category, position: position, to: id, on: connection)
            }
            for (position, area) in spec.areas.enumerated() {
                try await store.addArea(area, position: position, to: id, on: connection)
            }
            try await Audit(database: database).record(
                "campaign.create", target: ("campaign", spec.draft.slug), by: actor, reason: "in unit \(spec.unit)", now: now, on: connection
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
        guard problems.isEmpty else { throw APIError.validation(problems) }
        let now = clock.now
        try await database.withTransaction { connection in
            try await store.update(campaign.id, to: draft, on: connection)
            try await Audit(database: database).record("campaign.update", target: ("campaign", slug), by: actor, reason: nil, now: now, on: connection)
        }
        return try await require(slug)
    }

    /// Replaces the schedule with `windows`, which must be in order and must not overlap.
    public func setPhases(_ slug: String, to windows: [PhaseWindow], by actor: AuditActor) async throws -> CampaignRecord {
        let problems = CampaignValidation.schedule(windows)
        guard problems.isEmpty else { throw APIError.validation(problems) }
        let campaign = try await require(slug)
        let now = clock.now
        try await database.withTransaction { connection in
            try await store.replacePhases(campaign.id, with: windows, on: connection)
            try await Audit(database: database).record(
                "campaign.set-phases", target: ("campaign", slug), by: actor,
                reason: windows.map(\.kind.rawValue).joined(separator: ", "), now: now, on: connection
            )
        }
        return try await require(slug)
    }

    /// Publishes a draft; publishing a published campaign changes nothing.
    public func publish(_ slug: String, by actor: AuditActor) async throws -> CampaignRecord {
        let campaign = try await require(slug)
        switch campaign.status {
        case .published: return campaign
        case .archived: throw APIError.conflict("the campaign is archived")
        case .draft: break
        }
        guard !campaign.phases.isEmpty else { throw APIError.conflict("a campaign needs at least one phase before it is published") }
        let now = clock.now
        try await database.withTransaction { connection in
            try await store.setStatus(campaign.id, .published, now: now, on: connection)
            try await Audit(database: database).record("campaign.publish", target: ("campaign", slug), by: actor, reason: nil, now: now, on: connection)
        }
        return try await require(slug)
    }

    /// The campaign, or a 404 naming the slug.
    public func require(_ slug: String) async throws -> CampaignRecord {
        guard let campaign = try await store.find(slug: slug) else { throw APIError.notFound("no campaign '\(slug)'") }
        return campaign
    }
}
