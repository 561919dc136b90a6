import Foundation
import MitredenDomain
import MitredenOpenAPI
import MitredenStore

/// Between the generated API types and the vote services' values.
enum VoteMapping {
    static func state(_ state: VoteState) -> Components.Schemas.VoteState {
        .init(
            proposalId: state.proposalID.uuidString.lowercased(), supported: state.supported,
            rating: state.rating.flatMap { Components.Schemas.VoteState.RatingPayload(rawValue: $0) },
            supports: state.supports, pro: state.pro, contra: state.contra)
    }

    static func choice(_ choice: BallotChoice) -> Components.Schemas.BallotChoice {
        .init(proposalId: choice.proposalID.uuidString.lowercased(), points: choice.points)
    }

    /// Choices from a request; an id that is not a UUID is a 422 naming its position.
    static func choices(_ input: [Components.Schemas.BallotChoiceInput]) throws -> [BallotChoice] {
        var problems: [APIError.FieldError] = []
        let choices = input.enumerated().compactMap { index, choice -> BallotChoice? in
            guard let id = Proposal.ID(choice.proposalId) else {
                problems.append(.init(field: "choices[\(index)].proposalId", message: "is not a proposal id (UUID)", rule: "not-on-ballot"))
                return nil
            }
            return BallotChoice(proposalID: id, points: choice.points)
        }
        guard problems.isEmpty else { throw APIError.validation(problems) }
        return choices
    }

    static func ballot(_ ballot: BallotRecord) -> Components.Schemas.Ballot {
        .init(
            area: ballot.areaSlug, choices: ballot.choices.map(choice), totalCostCents: ballot.totalCostCents,
            submittedAt: ballot.submittedAt)
    }

    static func mySupport(_ support: MySupport) -> Components.Schemas.MySupport {
        .init(
            proposalId: support.proposalID.uuidString.lowercased(), proposalTitle: support.proposalTitle, campaign: support.campaignSlug,
            withdrawn: support.withdrawn, supportedAt: support.supportedAt)
    }

    static func myBallot(_ ballot: MyBallot) -> Components.Schemas.MyBallot {
        .init(
            campaign: ballot.campaignSlug, area: ballot.areaSlug,
            choices: ballot.choices.map {
                .init(proposalId: $0.proposalID.uuidString.lowercased(), title: $0.title, costCents: $0.costCents, points: $0.points)
            },
            totalCostCents: ballot.totalCostCents, submittedAt: ballot.submittedAt)
    }

    static func results(_ results: CampaignResults) -> Components.Schemas.Results {
        .init(
            campaign: results.campaign.slug, method: results.method.rawValue, official: results.official,
            areas: results.runs.map { area($0, projects: results.projects[$0.id] ?? []) },
            rankingRule: .init(results.campaign.fields.settings.rankingRule),
            ranking: results.ranking.map {
                .init(
                    proposalId: $0.proposalID.uuidString.lowercased(), reference: $0.reference, title: $0.title,
                    pro: $0.pro, contra: $0.contra, supports: $0.supports, score: $0.score)
            }
        )
    }

    /// One area's run with its explanation (the same ids as every export: lower-case).
    static func area(_ run: ResultRunRecord, projects: [ProjectVotes]) -> Components.Schemas.AreaResult {
        let explanation = run.explanation
        return .init(
            area: run.areaSlug, runId: run.id.description, method: run.method, inputDigest: run.inputDigest,
            ballots: run.ballots,
            selected: run.selected.map {
                .init(proposalId: $0.proposalId.description, reference: $0.reference, title: $0.title, costCents: $0.costCents)
            },
            totalCostCents: run.totalCostCents, computedAt: run.computedAt, official: run.official,
            projects: projects.map(projectVotes),
            supersedes: run.supersedes?.description, supersedeReason: run.supersedeReason, excluded: run.excluded.map(\.description),
            equalShares: explanation.flatMap { explanation in
                explanation.shareBefore.map { .init(before: $0, after: explanation.shareAfter ?? $0) }
            },
            explanations: explanation?.projects.map(projectExplanation),
            comparison: explanation?.comparison.map(comparison))
    }

    static func projectVotes(_ p: ProjectVotes) -> Components.Schemas.ProjectVotes {
        .init(
            rank: p.rank, proposalId: p.proposalId, title: p.title, costCents: p.costCents, approvals: p.approvals, points: p.points,
            funded: p.funded, shortfallCents: p.shortfall?.cents, shortfallSupporters: p.shortfall?.supporters)
    }

    static func projectExplanation(_ project: ProjectExplanation) -> Components.Schemas.ProjectExplanation {
        .init(
            projectId: project.projectId, proposalId: project.proposalId, funded: project.funded, reason: .init(project.reason),
            cost: project.cost, supporters: project.supporters, round: project.round, pricePerSupporter: project.pricePerSupporter,
            supportersPayingAll: project.supportersPayingAll, effectiveSupport: project.effectiveSupport,
            neededSupporters: project.neededSupporters, supportersMoney: project.supportersMoney,
            spentOn: project.spentOn?.map { .init(projectId: $0.projectId, amount: $0.amount) },
            remainingBudget: project.remainingBudget, load: project.load)
    }

    static func comparison(_ comparison: RuleComparison) -> Components.Schemas.RuleComparison {
        func side(_ side: RuleComparison.Side) -> Components.Schemas.RuleComparisonSide {
            .init(
                rule: side.rule, selected: side.selected, totalCost: side.totalCost, votersWithFundedChoice: side.votersWithFundedChoice,
                averageFundedPerVoter: side.averageFundedPerVoter, budgetShare: side.budgetShare)
        }
        return .init(
            voters: comparison.voters, equalShares: side(comparison.equalShares), greedy: side(comparison.greedy),
            onlyEqualShares: comparison.onlyEqualShares, onlyGreedy: comparison.onlyGreedy)
    }
}

extension Components.Schemas.ProjectExplanation.ReasonPayload {
    init(_ reason: ProjectExplanation.Reason) {
        switch reason {
        case .equalSharesFunded: self = .equalSharesFunded
        case .freeProject: self = .freeProject
        case .greedyCompletion: self = .greedyCompletion
        case .neededMoreSupporters: self = .neededMoreSupporters
        case .supportersMoneyRanOut: self = .supportersMoneyRanOut
        case .greedyFunded: self = .greedyFunded
        case .didNotFit: self = .didNotFit
        case .phragmenFunded: self = .phragmenFunded
        case .phragmenStopped: self = .phragmenStopped
        case .overBudget: self = .overBudget
        case .noSupporters: self = .noSupporters
        }
    }
}
