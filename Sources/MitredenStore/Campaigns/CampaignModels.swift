import Foundation
import MitredenDomain

/// A campaign's own fields, as written by staff.
public struct CampaignDraft: Sendable, Equatable {
    public var slug: String
    public var title: String
    public var summary: String
    public var description: String
    public var kind: CampaignKind
    public var proposalModeration: ModerationMode
    public var commentModeration: ModerationMode
    public var settings: CampaignSettings

    public init(
        slug: String, title: String, summary: String = "", description: String = "", kind: CampaignKind,
        proposalModeration: ModerationMode = .post, commentModeration: ModerationMode = .post,
        settings: CampaignSettings = CampaignSettings()
    ) {
        self.slug = slug
        self.title = title
        self.summary = summary
        self.description = description
        self.kind = kind
        self.proposalModeration = proposalModeration
        self.commentModeration = commentModeration
        self.settings = settings
    }
}

/// A category proposals are filed under.
public struct CategoryRecord: Sendable, Equatable {
    public var slug: String
    public var name: String
    public init(slug: String, name: String) { self.slug = slug; self.name = name }
}

/// A district (or other area) with a budget of its own, in exact cents.
public struct BudgetAreaRecord: Sendable, Equatable {
    public var slug: String
    public var name: String
    public var budgetCents: Int64
    public init(slug: String, name: String, budgetCents: Int64) { self.slug = slug; self.name = name; self.budgetCents = budgetCents }
}

/// A stored campaign with its schedule, categories and areas.
public struct CampaignRecord: Sendable, Equatable {
    public var id: Campaign.ID
    public var unitSlug: String
    public var fields: CampaignDraft
    public var status: CampaignStatus
    public var phases: [PhaseWindow]
    public var categories: [CategoryRecord]
    public var areas: [BudgetAreaRecord]
    public var createdAt: Date
    /// Whether staff defined a budget planner (issue 14): participants' capabilities name it.
    public var hasPlanner = false

    public var slug: String { fields.slug }

    /// What the phase rules need.
    public var phaseContext: PhaseContext {
        PhaseContext(status: status, schedule: PhaseSchedule(stored: phases), settings: fields.settings, hasPlanner: hasPlanner)
    }
}

extension CampaignRecord {
    /// The running phase when participants may do `action` at `instant`; otherwise a
    /// ``ServiceError/phaseClosed(_:)`` naming the phase. The decision is ``PhaseRules``'.
    @discardableResult
    public func require(_ action: ParticipantAction, at instant: Date) throws(ServiceError) -> PhaseWindow {
        do {
            return try PhaseRules.require(action, in: phaseContext, at: instant)
        } catch {
            throw .phaseClosed(error)
        }
    }
}

extension CampaignRecord {
    /// The area a request for one area's file means: the one named, or else the only one.
    public func area(named slug: String?) throws(ServiceError) -> BudgetAreaRecord {
        if let slug { return try area(slug) }
        guard areas.count == 1, let only = areas.first else {
            throw .invalid("area", "the campaign has \(areas.count) areas; name one of \(areas.map(\.slug).joined(separator: ", "))")
        }
        return only
    }

    /// The campaign's area with `slug`, or an invalid `area` listing the ones there are.
    public func area(_ slug: String) throws(ServiceError) -> BudgetAreaRecord {
        guard let area = areas.first(where: { $0.slug == slug }) else {
            let known = areas.isEmpty ? "the campaign has no areas" : "there are \(areas.map(\.slug).joined(separator: ", "))"
            throw .invalid("area", "no area '\(slug)'; \(known)")
        }
        return area
    }
}
