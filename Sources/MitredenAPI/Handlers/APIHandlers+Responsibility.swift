import Foundation
import MitredenDomain
import MitredenOpenAPI
import MitredenStore
import OpenAPIRuntime

/// The response promise (issue 15): a unit's inbox, a campaign's routing, handovers and
/// statements between units, implementation updates, the public accountability list and
/// the response-time figures. The services decide who may do what per object.
extension APIHandlers {
    func getUnitInbox(_ input: Operations.GetUnitInbox.Input) async throws -> Operations.GetUnitInbox.Output {
        let principal = try Authorization.principal()
        let limit = try PageSize.resolve(input.query.limit, default: PageSize.maximum)
        let items = try await routing.inbox(of: input.path.slug, by: principal.account, limit: limit)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: items.map { item in
                            .init(
                                proposalId: item.proposalID.description, title: item.title, campaign: item.campaignSlug,
                                publishedOn: item.publishedOn.description, dueOn: item.dueOn?.description, overdue: item.overdue,
                                openStatements: item.openStatements)
                        }, nextCursor: nil))))
    }

    func getCampaignRouting(_ input: Operations.GetCampaignRouting.Input) async throws -> Operations.GetCampaignRouting.Output {
        let routes = try await routing.routes(of: input.path.slug, for: RequestScope.current.principal?.account)
        return .ok(.init(body: .json(Self.routing(routes))))
    }

    func setCampaignRouting(_ input: Operations.SetCampaignRouting.Input) async throws -> Operations.SetCampaignRouting.Output {
        let principal = try Authorization.principal()
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let routes = try await routing.setRoutes(
            body.routes.map { CampaignRoute(category: $0.category, area: $0.area, unit: $0.unit) }, of: input.path.slug, by: principal.account)
        return .ok(.init(body: .json(Self.routing(routes))))
    }

    func listProposalHandovers(_ input: Operations.ListProposalHandovers.Input) async throws -> Operations.ListProposalHandovers.Output {
        let id: Proposal.ID = try DiscussionMapping.id(input.path.id, of: "proposal")
        let history = try await routing.handovers(of: id, for: RequestScope.current.principal?.account)
        return .ok(.init(body: .json(.init(items: history.map(Self.handover)))))
    }

    func handOverProposal(_ input: Operations.HandOverProposal.Input) async throws -> Operations.HandOverProposal.Output {
        let principal = try Authorization.principal()
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let id: Proposal.ID = try DiscussionMapping.id(input.path.id, of: "proposal")
        let history = try await routing.handOver(id, to: body.unit, reason: body.reason, by: principal.account)
        return .created(.init(body: .json(.init(items: history.map(Self.handover)))))
    }

    func listProposalStatements(_ input: Operations.ListProposalStatements.Input) async throws -> Operations.ListProposalStatements.Output {
        let principal = try Authorization.principal()
        let id: Proposal.ID = try DiscussionMapping.id(input.path.id, of: "proposal")
        let statements = try await routing.statements(of: id, for: principal.account)
        return .ok(.init(body: .json(.init(items: statements.map(Self.statement)))))
    }

    func requestProposalStatement(_ input: Operations.RequestProposalStatement.Input) async throws
        -> Operations.RequestProposalStatement.Output
    {
        let principal = try Authorization.principal()
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let id: Proposal.ID = try DiscussionMapping.id(input.path.id, of: "proposal")
        let request = try await routing.requestStatement(on: id, from: body.unit, question: body.question, by: principal.account)
        return .created(.init(body: .json(Self.statement(request))))
    }

    func giveStatement(_ input: Operations.GiveStatement.Input) async throws -> Operations.GiveStatement.Output {
        let principal = try Authorization.principal()
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        guard let id = UUID(uuidString: input.path.id) else {
            throw APIError.validation([.init(field: "id", message: "is not a statement request id (UUID)")])
        }
        let request = try await routing.answerStatement(id, statement: body.statement, by: principal.account)
        return .ok(.init(body: .json(Self.statement(request))))
    }

    func listImplementationUpdates(_ input: Operations.ListImplementationUpdates.Input) async throws
        -> Operations.ListImplementationUpdates.Output
    {
        let id: Proposal.ID = try DiscussionMapping.id(input.path.id, of: "proposal")
        let updates = try await accountability.updates(of: id, for: RequestScope.current.principal?.account)
        return .ok(.init(body: .json(.init(items: updates.map(Self.update)))))
    }

    func addImplementationUpdate(_ input: Operations.AddImplementationUpdate.Input) async throws -> Operations.AddImplementationUpdate.Output {
        let principal = try Authorization.principal()
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let id: Proposal.ID = try DiscussionMapping.id(input.path.id, of: "proposal")
        let effective = try body.effectiveOn.map { text in
            guard let day = CalendarDay(text) else { throw APIError.validation([.init(field: "effectiveOn", message: "is not a date YYYY-MM-DD")]) }
            return day
        }
        let updates = try await accountability.addUpdate(
            to: id, status: ImplementationStatus(body.status), note: body.note, reason: body.reason, effectiveOn: effective,
            by: principal.account)
        return .created(.init(body: .json(.init(items: updates.map(Self.update)))))
    }

    func listAccountability(_ input: Operations.ListAccountability.Input) async throws -> Operations.ListAccountability.Output {
        let limit = try PageSize.resolve(input.query.limit)
        let after = try input.query.cursor.map { text in
            guard let data = Data(base64Encoded: text), let id = Proposal.ID(String(decoding: data, as: UTF8.self)) else {
                throw APIError.validation([.init(field: "cursor", message: "is not a cursor this API issued")])
            }
            return id
        }
        let rows = try await accountability.accountability(
            of: input.path.slug, for: RequestScope.current.principal?.account, after: after, limit: limit + 1)
        let page = rows.prefix(limit)
        let next = rows.count > limit ? page.last.map { Data($0.proposalID.description.utf8).base64EncodedString() } : nil
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: page.map { row in
                            .init(
                                proposalId: row.proposalID.description, title: row.title, unit: row.unit, unitName: row.unitName,
                                responseStatus: .init(row.lifecycleStatus), publishedOn: row.publishedOn?.description,
                                dueOn: row.dueOn?.description, respondedOn: row.respondedOn?.description,
                                implementation: row.implementation.map(Components.Schemas.ImplementationStatus.init),
                                implementationOn: row.implementationOn?.description, implementationReason: row.implementationReason)
                        }, nextCursor: next))))
    }

    func getResponseTimes(_ input: Operations.GetResponseTimes.Input) async throws -> Operations.GetResponseTimes.Output {
        let (promise, figures) = try await accountability.figures(of: input.path.slug, for: RequestScope.current.principal?.account)
        return .ok(
            .init(
                body: .json(
                    .init(
                        promisedWorkingDays: promise?.workingDays,
                        figures: figures.map { figure in
                            .init(
                                unit: figure.unitSlug, unitName: figure.unitName, proposals: figure.proposals, answered: figure.answered,
                                medianWorkingDays: figure.medianWorkingDays, p90WorkingDays: figure.p90WorkingDays,
                                answeredInTime: figure.answeredInTime, decided: figure.decided, shareInTime: figure.shareInTime,
                                overdueNow: figure.overdueNow)
                        }))))
    }

    static func routing(_ routes: [CampaignRoute]) -> Components.Schemas.Routing {
        .init(routes: routes.map { .init(category: $0.category, area: $0.area, unit: $0.unit) })
    }

    static func handover(_ record: HandoverRecord) -> Components.Schemas.Handover {
        .init(
            fromUnit: record.fromUnit, fromUnitName: record.fromUnitName, toUnit: record.toUnit, toUnitName: record.toUnitName,
            reason: record.reason, at: record.at)
    }

    static func statement(_ record: StatementRequestRecord) -> Components.Schemas.StatementRequest {
        .init(
            id: record.id.uuidString.lowercased(), unit: record.unit, unitName: record.unitName, question: record.question,
            requestedAt: record.requestedAt, statement: record.statement, answeredAt: record.answeredAt)
    }

    static func update(_ record: ImplementationUpdateRecord) -> Components.Schemas.ImplementationUpdate {
        .init(
            status: .init(record.status), effectiveOn: record.effectiveOn.description, note: record.note, reason: record.reason,
            unit: record.unit, unitName: record.unitName, createdAt: record.createdAt)
    }
}

extension ImplementationStatus {
    /// From a request.
    init(_ value: Components.Schemas.ImplementationStatus) {
        switch value {
        case .planned: self = .planned
        case .inProgress: self = .inProgress
        case .done: self = .done
        case .notDone: self = .notDone
        }
    }
}

extension Components.Schemas.ImplementationStatus {
    /// For a response.
    init(_ value: ImplementationStatus) {
        switch value {
        case .planned: self = .planned
        case .inProgress: self = .inProgress
        case .done: self = .done
        case .notDone: self = .notDone
        }
    }
}
