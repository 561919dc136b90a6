import Foundation
import MitredenDomain

/// Everything needed to create a campaign in one go: its fields, owning unit, schedule,
/// categories and areas. Built from an API request or a campaign file.
public struct CampaignSpec: Sendable, Equatable {
    public var unit: String
    public var draft: CampaignDraft
    public var phases: [PhaseWindow]
    public var categories: [CategoryRecord]
    public var areas: [BudgetAreaRecord]

    public init(
        unit: String, draft: CampaignDraft, phases: [PhaseWindow] = [], categories: [CategoryRecord] = [],
        areas: [BudgetAreaRecord] = []
    ) {
        self.unit = unit
        self.draft = draft
        self.phases = phases
        self.categories = categories
        self.areas = areas
    }
}

/// Field checks shared by creation and editing; each problem names its field.
enum CampaignValidation {
    static let slugPattern = "^[a-z0-9]+(-[a-z0-9]+)*$"

    static func isSlug(_ text: String, max: Int) -> Bool {
        text.utf8.count <= max && text.range(of: slugPattern, options: .regularExpression) != nil
    }

    static func problems(in draft: CampaignDraft) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if !isSlug(draft.slug, max: 80) {
            problems.append(.init(field: "slug", message: "must be lower-case letters, digits and single hyphens, at most 80"))
        }
        let title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.codePoints > 200 { problems.append(.init(field: "title", message: "must have 1 to 200 characters")) }
        if draft.summary.codePoints > 1000 { problems.append(.init(field: "summary", message: "must have at most 1000 characters")) }
        if draft.description.codePoints > 50000 { problems.append(.init(field: "description", message: "must have at most 50000 characters")) }
        problems += draft.settings.problems(for: draft.kind).map { .init(field: $0.field, message: $0.message) }
        return problems
    }

    static func problems(in spec: CampaignSpec) -> [FieldProblem] {
        var problems = problems(in: spec.draft)
        if spec.unit.isEmpty { problems.append(.init(field: "unit", message: "names no unit")) }
        problems += schedule(spec.phases)
        for (index, category) in spec.categories.enumerated() {
            if !isSlug(category.slug, max: 80) { problems.append(.init(field: "categories[\(index)].slug", message: "is not a slug")) }
            if category.name.isEmpty || category.name.codePoints > 200 {
                problems.append(.init(field: "categories[\(index)].name", message: "must have 1 to 200 characters"))
            }
        }
        if spec.draft.kind == .dialogue, !spec.areas.isEmpty {
            problems.append(.init(field: "areas", message: "only budget campaigns have budget areas"))
        }
        for (index, area) in spec.areas.enumerated() {
            if !isSlug(area.slug, max: 80) { problems.append(.init(field: "areas[\(index)].slug", message: "is not a slug")) }
            if area.name.isEmpty || area.name.codePoints > 200 {
                problems.append(.init(field: "areas[\(index)].name", message: "must have 1 to 200 characters"))
            }
            if !(1...InputCeilings.maximumCents).contains(area.budgetCents) {
                problems.append(.init(field: "areas[\(index)].budgetCents", message: "must be between 1 and \(InputCeilings.maximumCents) cents"))
            }
        }
        return problems
    }

    static func schedule(_ windows: [PhaseWindow]) -> [FieldProblem] {
        do {
            _ = try PhaseSchedule(validating: windows)
            return []
        } catch {
            return [.init(field: error.field, message: error.message)]
        }
    }
}
