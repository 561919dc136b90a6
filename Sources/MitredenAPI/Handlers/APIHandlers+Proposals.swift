import Foundation
import MitredenDomain
import MitredenOpenAPI
import MitredenStore
import OpenAPIRuntime

/// Proposals: public lists of published ones, held ones for their author and the unit's
/// staff, editing and withdrawal by the author, official responses by the responsible unit.
extension APIHandlers {
    func listProposals(_ input: Operations.ListProposals.Input) async throws -> Operations.ListProposals.Output {
        let query = input.query
        let problems = ContributionRules.listQueryProblems(q: query.q, seed: query.seed)
        guard problems.isEmpty else { throw APIError.validation(problems.map { .init(field: $0.field, message: $0.message) }) }
        let limit = try PageSize.resolve(query.limit)
        let text = query.q?.trimmingCharacters(in: .whitespacesAndNewlines)
        let words = text?.isEmpty == false ? text : nil
        // Searching ranks by relevance unless another order is asked for.
        let sort = query.sort.map(ProposalSort.init) ?? (words == nil ? .new : .relevance)
        if sort == .relevance, words == nil {
            throw APIError.validation([.init(field: "sort", message: "relevance needs words to search for in q")])
        }
        let cursor = try query.cursor.map { text in
            guard let cursor = ProposalCursor(encoded: text), cursor.sort == sort else {
                throw APIError.validation([.init(field: "cursor", message: "is not a cursor this API issued for this order")])
            }
            return cursor
        }
        let request = ProposalQuery(
            campaignID: .random(), category: query.category, area: query.area,
            lifecycle: query.status.map(LifecycleStatus.init), text: words,
            sort: sort, seed: query.seed ?? "", after: cursor, limit: limit
        )
        let page = try await proposals.list(in: input.path.slug, request, viewer: RequestScope.current.principal?.account)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: page.items.map { DiscussionMapping.proposal($0) }, total: page.total, nextCursor: page.next?.encoded
                    ))))
    }

    func createProposal(_ input: Operations.CreateProposal.Input) async throws -> Operations.CreateProposal.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let principal = body.channel.map { $0 != .online } == true ? try Authorization.principal() : try Authorization.contributor()
        let proposal = try await proposals.create(
            in: input.path.slug,
            ProposalInput(
                title: body.title, body: body.body, category: body.category, area: body.area, costCents: body.costCents,
                location: try DiscussionMapping.location(body.location)),
            by: principal.account, channel: body.channel.map(ContributionChannel.init) ?? .online
        )
        return .created(.init(body: .json(DiscussionMapping.proposal(proposal))))
    }

    func getProposal(_ input: Operations.GetProposal.Input) async throws -> Operations.GetProposal.Output {
        let id: Proposal.ID = try DiscussionMapping.id(input.path.id, of: "proposal")
        let proposal = try await proposals.show(id, for: RequestScope.current.principal?.account)
        let history = try await responses.history(of: id)
        var body = DiscussionMapping.proposal(proposal, responses: history)
        body.plannerChange = try await planner.proposalLinkView(id).map { .init(item: $0.item, name: $0.name, changeCents: $0.changeCents) }
        return .ok(.init(body: .json(body)))
    }

    func updateProposal(_ input: Operations.UpdateProposal.Input) async throws -> Operations.UpdateProposal.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let principal = try Authorization.contributor()
        let id: Proposal.ID = try DiscussionMapping.id(input.path.id, of: "proposal")
        let proposal = try await proposals.update(
            id,
            ProposalInput(
                title: body.title, body: body.body, category: body.category, area: body.area, costCents: body.costCents,
                location: try DiscussionMapping.location(body.location)),
            by: principal.account
        )
        return .ok(.init(body: .json(DiscussionMapping.proposal(proposal))))
    }

    func withdrawProposal(_ input: Operations.WithdrawProposal.Input) async throws -> Operations.WithdrawProposal.Output {
        let principal = try Authorization.principal()
        let proposal = try await proposals.withdraw(try DiscussionMapping.id(input.path.id, of: "proposal"), by: principal.account)
        return .ok(.init(body: .json(DiscussionMapping.proposal(proposal))))
    }

    func respondToProposal(_ input: Operations.RespondToProposal.Input) async throws -> Operations.RespondToProposal.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let principal = try Authorization.principal()
        let id: Proposal.ID = try DiscussionMapping.id(input.path.id, of: "proposal")
        let proposal = try await responses.respond(
            to: id, status: LifecycleStatus(body.status), body: body.text, by: principal.account
        )
        let history = try await responses.history(of: id)
        return .ok(.init(body: .json(DiscussionMapping.proposal(proposal, responses: history))))
    }
}
