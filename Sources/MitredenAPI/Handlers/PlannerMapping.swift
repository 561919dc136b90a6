import Foundation
import MitredenDomain
import MitredenOpenAPI
import MitredenStore

/// Converts between the planner's generated API types and the domain's and services'.
enum PlannerMapping {
    static func spec(_ body: Components.Schemas.PlannerInput) -> PlannerSpec {
        PlannerSpec(
            title: body.title, balanceRule: body.balanceRule.rawValue, maxDeficitCents: body.maxDeficitCents,
            projectionYears: body.projectionYears, households: body.households, clusterSeed: body.clusterSeed,
            areas: body.areas.map { area in
                PlannerSpec.Area(
                    key: area.key, name: area.name,
                    items: area.items.map { item in
                        PlannerSpec.Item(
                            key: item.key, name: item.name, side: side(item.side), baselineCents: item.baselineCents,
                            minCents: item.minCents, maxCents: item.maxCents, rangePercent: item.rangePercent, stepCents: item.stepCents,
                            unit: item.unit, unitCostCents: item.unitCostCents, protected: item.protected,
                            growthBasisPoints: item.growthBasisPoints, perHousehold: item.perHousehold)
                    })
            })
    }

    static func side(_ side: Components.Schemas.PlannerItemInput.SidePayload) -> PlannerSide {
        switch side {
        case .revenue: .revenue
        case .expense: .expense
        }
    }

    static func planner(_ record: PlannerRecord) -> Components.Schemas.Planner {
        let definition = record.definition
        let rule: Components.Schemas.Planner.BalanceRulePayload
        var deficit: Int64?
        switch definition.balanceRule {
        case .balanced: rule = .balanced
        case .free: rule = .free
        case .maxDeficit(let cents):
            rule = .maxDeficit
            deficit = cents
        }
        return .init(
            title: definition.title, balanceRule: rule, maxDeficitCents: deficit, baselineBalanceCents: definition.baselineBalanceCents,
            projectionYears: definition.projectionYears, households: definition.households, clusterSeed: definition.clusterSeed,
            areas: definition.areas.map { .init(key: $0.key, name: $0.name) },
            items: definition.items.map { item in
                .init(
                    key: item.key, area: item.areaKey, name: item.name, side: item.side == .revenue ? .revenue : .expense,
                    baselineCents: item.baselineCents, minCents: item.minCents, maxCents: item.maxCents, stepCents: item.stepCents,
                    unit: item.unitLabel, unitCostCents: item.unitCostCents, protected: item.isProtected,
                    growthBasisPoints: item.growthBasisPoints, perHousehold: item.perHousehold)
            })
    }

    static func exportedPlan(_ plan: VoteData.Plan) -> Components.Schemas.PersonalDataExport.PlansPayloadPayload {
        .init(
            campaign: plan.campaign, status: plan.status == "draft" ? .draft : .submitted, channel: plan.channel,
            balanceCents: plan.balanceCents, updatedAt: plan.updatedAt, submittedAt: plan.submittedAt,
            lines: plan.lines.map {
                .init(
                    item: $0.item, amountCents: $0.amountCents, justification: $0.justification,
                    justificationStatus: $0.justificationStatus.flatMap(
                        Components.Schemas.PersonalDataExport.PlansPayloadPayload.LinesPayloadPayload.JustificationStatusPayload.init(rawValue:)))
            })
    }

    static func lines(_ lines: [Components.Schemas.PlanLineInput]) -> [PlanLine] {
        lines.map { PlanLine(item: $0.item, amountCents: $0.amountCents, justification: $0.justification) }
    }

    static func plans(_ plans: MyPlans) -> Components.Schemas.MyPlans {
        .init(
            draft: plans.draft.map(state), submitted: plans.submitted.map(state),
            comparison: plans.comparison.map { comparison in
                .init(
                    plans: comparison.plans, medianChanges: .init(additionalProperties: comparison.medianChanges),
                    nearestTypical: comparison.nearestTypical.map(typical))
            })
    }

    static func state(_ view: PlanView) -> Components.Schemas.PlanState {
        .init(
            planId: view.plan.id.uuidString, status: view.plan.status == .draft ? .draft : .submitted, balanceCents: view.plan.balanceCents,
            lines: view.plan.lines.map { line in
                .init(
                    item: line.item, amountCents: line.amountCents, justification: line.justification,
                    justificationStatus: line.justificationStatus.flatMap(Components.Schemas.PlanLine.JustificationStatusPayload.init(rawValue:)))
            },
            amounts: .init(additionalProperties: view.amounts),
            projection: view.projection.map {
                .init(year: $0.year, revenueCents: $0.revenueCents, expenseCents: $0.expenseCents, balanceCents: $0.balanceCents)
            },
            household: view.household.map { .init(item: $0.item, centsPerMonth: $0.centsPerMonth) },
            problems: view.problems.map { .init(field: $0.field, rule: $0.rule.rawValue, message: $0.message) },
            updatedAt: view.plan.updatedAt, submittedAt: view.plan.submittedAt)
    }

    static func typical(_ plan: TypicalPlan) -> Components.Schemas.TypicalPlan {
        .init(number: plan.number, plans: plan.plans, changes: .init(additionalProperties: plan.changes))
    }

    static func summary(_ summary: PlannerSummary, justifications: [PlanJustification]) -> Components.Schemas.PlannerSummary {
        .init(
            plans: summary.plans, balancedPlans: summary.balancedPlans, medianBalanceCents: summary.medianBalanceCents,
            baselineBalanceCents: summary.baselineBalanceCents,
            items: summary.items.map { item in
                .init(
                    item: item.item, raised: item.raised, lowered: item.lowered, kept: item.kept,
                    lowerQuartileCents: item.lowerQuartileCents, medianCents: item.medianCents,
                    upperQuartileCents: item.upperQuartileCents, meanCents: item.meanCents, histogram: item.histogram)
            },
            typicalPlans: summary.typicalPlans.map(typical), clusterSeed: summary.clusterSeed, silhouette: summary.silhouette,
            districts: summary.districts.map { .init(district: $0.district, plans: $0.plans) },
            justifications: justifications.map { .init(item: $0.item, amountCents: $0.amountCents, text: $0.text) })
    }
}
