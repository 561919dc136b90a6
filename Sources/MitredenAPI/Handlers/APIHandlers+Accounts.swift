import Foundation
import MitredenDomain
import MitredenOpenAPI
import MitredenStore
import OpenAPIRuntime

/// Registration, verification, sessions and the own account.
extension APIHandlers {
    func registerAccount(_ input: Operations.RegisterAccount.Input) async throws -> Operations.RegisterAccount.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        try await accounts.register(
            email: body.email, password: body.password, displayName: body.displayName, district: body.district,
            clientAddress: RequestScope.current.clientAddress, language: Language.named(byAcceptLanguage: input.headers.acceptLanguage)
        )
        return .accepted(.init(body: .json(.init(status: .verificationSent))))
    }

    func verifyAccount(_ input: Operations.VerifyAccount.Input) async throws -> Operations.VerifyAccount.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        try await accounts.verify(token: body.token)
        return .noContent(.init())
    }

    func createSession(_ input: Operations.CreateSession.Input) async throws -> Operations.CreateSession.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        let session = try await accounts.login(
            email: body.email, password: body.password, totp: body.totp, recoveryCode: body.recoveryCode,
            clientAddress: RequestScope.current.clientAddress, userAgent: RequestScope.current.userAgent
        )
        return .created(
            .init(
                body: .json(
                    .init(
                        token: session.token.text, expiresAt: session.expiresAt, account: Self.me(session.account)
                    ))))
    }

    func deleteCurrentSession(_ input: Operations.DeleteCurrentSession.Input) async throws -> Operations.DeleteCurrentSession.Output {
        let principal = try Authorization.principal()
        try await accounts.endSession(principal.sessionID)
        return .noContent(.init())
    }

    func listMySessions(_ input: Operations.ListMySessions.Input) async throws -> Operations.ListMySessions.Output {
        let principal = try Authorization.principal()
        let sessions = try await accounts.sessions(of: principal.account.id)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: sessions.map {
                            .init(
                                id: $0.id.description, createdAt: $0.createdAt, lastUsedAt: $0.lastUsedAt, expiresAt: $0.expiresAt,
                                client: $0.client, network: $0.network, current: $0.id == principal.sessionID)
                        }))))
    }

    func endMySession(_ input: Operations.EndMySession.Input) async throws -> Operations.EndMySession.Output {
        let principal = try Authorization.principal()
        let id: Session.ID = try DiscussionMapping.id(input.path.id, of: "session")
        try await accounts.endSession(id, of: principal.account.id)
        return .noContent(.init())
    }

    func endOtherSessions(_ input: Operations.EndOtherSessions.Input) async throws -> Operations.EndOtherSessions.Output {
        let principal = try Authorization.principal()
        let ended = try await accounts.endOtherSessions(of: principal.account.id, keeping: principal.sessionID)
        return .ok(.init(body: .json(.init(ended: ended))))
    }

    func getMySecondFactor(_ input: Operations.GetMySecondFactor.Input) async throws -> Operations.GetMySecondFactor.Output {
        let principal = try Authorization.principal()
        let status = try await accounts.secondFactorStatus(of: principal.account)
        return .ok(
            .init(
                body: .json(
                    .init(
                        enrolled: status.enrolled, enrolledAt: status.enrolledAt, pending: status.pending, required: status.required,
                        recoveryCodesLeft: status.recoveryCodesLeft))))
    }

    func startTotpEnrolment(_ input: Operations.StartTotpEnrolment.Input) async throws -> Operations.StartTotpEnrolment.Output {
        let principal = try Authorization.principal()
        let enrolment = try await accounts.startTOTPEnrolment(for: principal.account)
        return .created(
            .init(
                body: .json(
                    .init(secret: enrolment.secret, provisioningUri: enrolment.provisioningURI, recoveryCodes: enrolment.recoveryCodes))))
    }

    func confirmTotpEnrolment(_ input: Operations.ConfirmTotpEnrolment.Input) async throws -> Operations.ConfirmTotpEnrolment.Output {
        let principal = try Authorization.principal()
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        try await accounts.confirmTOTPEnrolment(
            for: principal.account, session: principal.sessionID, code: body.code, clientAddress: RequestScope.current.clientAddress)
        return .noContent(.init())
    }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let principal = try Authorization.principal()
        return .ok(.init(body: .json(Self.me(principal.account))))
    }

    func exportMe(_ input: Operations.ExportMe.Input) async throws -> Operations.ExportMe.Output {
        let principal = try Authorization.principal()
        let data = try await accounts.export(principal.account.id)
        return .ok(
            .init(
                body: .json(
                    .init(
                        id: data.id.uuidString.lowercased(), email: data.email, displayName: data.displayName, role: data.role,
                        status: data.status, district: data.district, verifiedAt: data.verifiedAt, createdAt: data.createdAt,
                        memberships: data.memberships.map(Self.membership),
                        sessions: data.sessions.map {
                            .init(
                                createdAt: $0.createdAt, lastSeenAt: $0.lastSeenAt, expiresAt: $0.expiresAt, revokedAt: $0.revokedAt,
                                clientAddress: $0.clientAddress, userAgent: $0.userAgent)
                        },
                        mails: data.mails.map { .init(subject: $0.subject, createdAt: $0.createdAt, sentAt: $0.sentAt) },
                        verifications: data.verifications.map { .init(createdAt: $0.createdAt, expiresAt: $0.expiresAt, usedAt: $0.usedAt) },
                        language: .init(rawValue: data.language) ?? .de,
                        secondFactor: data.secondFactor.map {
                            .init(createdAt: $0.createdAt, confirmedAt: $0.confirmedAt, unusedRecoveryCodes: $0.unusedRecoveryCodes)
                        },
                        auditEvents: data.auditEvents.map { .init(occurredAt: $0.occurredAt, action: $0.action, actor: $0.actor, reason: $0.reason) },
                        supports: data.votes.supports.map {
                            .init(proposalId: $0.proposalID.uuidString.lowercased(), campaign: $0.campaign, createdAt: $0.createdAt)
                        },
                        ratings: data.votes.ratings.map {
                            .init(proposalId: $0.proposalID.uuidString.lowercased(), campaign: $0.campaign, value: $0.value, updatedAt: $0.updatedAt)
                        },
                        ballots: data.votes.ballots.map {
                            .init(campaign: $0.campaign, area: $0.area, submittedAt: $0.submittedAt, choices: $0.choices.map(VoteMapping.choice))
                        },
                        plans: data.votes.plans.map(PlannerMapping.exportedPlan),
                        contributions: data.contributions.map {
                            .init(
                                kind: .init($0.kind), id: $0.id.uuidString.lowercased(), proposalId: $0.proposalID.uuidString.lowercased(),
                                title: $0.title, body: $0.body, moderationStatus: $0.moderationStatus, createdAt: $0.createdAt)
                        },
                        flags: data.flags.map {
                            .init(
                                targetType: $0.targetType, targetId: $0.targetID.uuidString.lowercased(), reason: $0.reason, note: $0.note,
                                createdAt: $0.createdAt)
                        }
                    ))))
    }

    static func me(_ account: AccountRecord) -> Components.Schemas.Me {
        .init(
            id: account.id.uuidString.lowercased(), email: account.email ?? "", displayName: account.displayName ?? "",
            role: account.isAdmin ? .admin : .participant, verified: account.isVerified, district: account.district,
            memberships: account.memberships.map(membership), language: .init(rawValue: account.language.rawValue) ?? .de
        )
    }

    static func membership(_ membership: Membership) -> Components.Schemas.Membership {
        .init(unit: membership.unitSlug, unitName: membership.unitName, role: .init(membership.role))
    }
}
