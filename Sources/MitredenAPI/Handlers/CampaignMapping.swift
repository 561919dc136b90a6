import Foundation
import MitredenDomain
import MitredenOpenAPI
import MitredenStore

/// Conversions between the generated API types and the domain's campaign types.
enum CampaignMapping {
    /// Applies the fields present in `input` to `settings`; absent fields keep their value.
    static func apply(_ input: Components.Schemas.CampaignSettingsInput?, to settings: inout CampaignSettings) {
        guard let input else { return }
        if let value = input.commentMaxLength { settings.commentMaxLength = value }
        if let value = input.flagsBeforeHide { settings.flagsBeforeHide = value }
        if let value = input.supportsPerParticipant { settings.supportsPerParticipant = value }
        if let value = input.ratingsEnabled { settings.ratingsEnabled = value }
        if let value = input.rankingRule { settings.rankingRule = RankingRule(value) }
        if let value = input.commentsDuringVoting { settings.commentsDuringVoting = value }
        if let value = input.openData { settings.openData = value }
        if let promise = input.responsePromise {
            settings.responsePromise = ResponsePromise(workingDays: promise.workingDays, reminderDaysBefore: promise.reminderDaysBefore ?? 2)
        }
        if let ballot = input.ballot {
            settings.ballot = BallotRules(
                method: BallotMethod(ballot.method), minChoices: ballot.minChoices,
                maxChoices: ballot.maxChoices, minSpendPercent: ballot.minSpendPercent, points: ballot.points,
                maxPointsPerProposal: ballot.maxPointsPerProposal, oneAreaOnly: ballot.oneAreaOnly ?? false,
                districtOnly: ballot.districtOnly, resultMethod: ballot.resultMethod.map(BudgetRule.init)
            )
        }
    }

    static func phases(_ input: [Components.Schemas.PhaseInput]) -> [PhaseWindow] {
        input.map { PhaseWindow(kind: PhaseKind($0.kind), startsAt: $0.startsAt, endsAt: $0.endsAt) }
    }

    static func spec(_ body: Components.Schemas.CampaignRequest) -> CampaignSpec {
        var settings = CampaignSettings()
        apply(body.settings, to: &settings)
        let draft = CampaignDraft(
            slug: body.slug, title: body.title, summary: body.summary ?? "", description: body.description ?? "",
            kind: CampaignKind(body.kind),
            proposalModeration: body.proposalModeration.map(ModerationMode.init) ?? .post,
            commentModeration: body.commentModeration.map(ModerationMode.init) ?? .post,
            settings: settings
        )
        return CampaignSpec(
            unit: body.unit, draft: draft, phases: phases(body.phases ?? []),
            categories: (body.categories ?? []).map { CategoryRecord(slug: $0.slug, name: $0.name) },
            areas: (body.areas ?? []).map { BudgetAreaRecord(slug: $0.slug, name: $0.name, budgetCents: $0.budgetCents) }
        )
    }

    /// The campaign as the API shows it, with the phase and capabilities at `now`.
    static func campaign(_ record: CampaignRecord, now: Date) -> Components.Schemas.Campaign {
        let fields = record.fields
        let context = record.phaseContext
        let can = PhaseRules.capabilities(of: context, at: now)
        let settings = fields.settings
        return .init(
            id: record.id.uuidString.lowercased(), slug: fields.slug, unit: record.unitSlug, title: fields.title,
            summary: fields.summary, description: fields.description,
            kind: .init(fields.kind),
            status: .init(record.status),
            proposalModeration: .init(fields.proposalModeration),
            commentModeration: .init(fields.commentModeration),
            settings: .init(
                commentMaxLength: settings.commentMaxLength, flagsBeforeHide: settings.flagsBeforeHide,
                supportsPerParticipant: settings.supportsPerParticipant, ratingsEnabled: settings.ratingsEnabled,
                rankingRule: .init(settings.rankingRule), commentsDuringVoting: settings.commentsDuringVoting,
                ballot: settings.ballot.map { ballot in
                    .init(
                        method: .init(ballot.method), minChoices: ballot.minChoices,
                        maxChoices: ballot.maxChoices, minSpendPercent: ballot.minSpendPercent, points: ballot.points,
                        maxPointsPerProposal: ballot.maxPointsPerProposal, oneAreaOnly: ballot.oneAreaOnly,
                        districtOnly: ballot.districtOnly, resultMethod: ballot.resultMethod.map { .init($0) })
                },
                openData: settings.openData,
                responsePromise: settings.responsePromise.map { .init(workingDays: $0.workingDays, reminderDaysBefore: $0.reminderDaysBefore) }
            ),
            phases: record.phases.map { .init(kind: .init($0.kind), startsAt: $0.startsAt, endsAt: $0.endsAt) },
            currentPhase: context.schedule.current(at: now).map { .init($0.kind) },
            capabilities: .init(
                submitProposal: can.submitProposal, comment: can.comment, support: can.support,
                rate: can.rate, vote: can.vote, seeResults: can.seeResults, plan: can.plan),
            categories: record.categories.map { .init(slug: $0.slug, name: $0.name) },
            areas: record.areas.map { .init(slug: $0.slug, name: $0.name, budgetCents: $0.budgetCents) }
        )
    }
}
