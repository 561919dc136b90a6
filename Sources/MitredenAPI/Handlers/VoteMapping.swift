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
            campaign: results.campaign.slug, method: results.method.rawValue,
            areas: results.runs.map { run in
                .init(
                    area: run.areaSlug, runId: run.id.uuidString.lowercased(), method: run.method, inputDigest: run.inputDigest,
                    ballots: run.ballots,
                    selected: run.selected.map {
                        .init(proposalId: $0.proposalId.uuidString.lowercased(), reference: $0.reference, title: $0.title, costCents: $0.costCents)
                    },
                    totalCostCents: run.totalCostCents, computedAt: run.computedAt, official: run.official)
            },
            rankingRule: .init(results.campaign.fields.settings.rankingRule),
            ranking: results.ranking.map {
                .init(
                    proposalId: $0.proposalID.uuidString.lowercased(), reference: $0.reference, title: $0.title,
                    pro: $0.pro, contra: $0.contra, supports: $0.supports, score: $0.score)
            }
        )
    }
}
