import MitredenDomain
import MitredenOpenAPI
import MitredenStore

/// What citizens do with their own account: new verification mail, forgotten password,
/// new password, name or address, erasure. The rules are in `AccountSelfService`.
extension APIHandlers {
    func resendVerificationMail(_ input: Operations.ResendVerificationMail.Input) async throws -> Operations.ResendVerificationMail.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        try await accounts.resendVerification(
            email: body.email, clientAddress: RequestScope.current.clientAddress,
            language: Language.named(byAcceptLanguage: input.headers.acceptLanguage))
        return .accepted(.init(body: .json(.init(status: .mailSentIfKnown))))
    }

    func requestPasswordReset(_ input: Operations.RequestPasswordReset.Input) async throws -> Operations.RequestPasswordReset.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        try await accounts.requestPasswordReset(
            email: body.email, clientAddress: RequestScope.current.clientAddress,
            language: Language.named(byAcceptLanguage: input.headers.acceptLanguage))
        return .accepted(.init(body: .json(.init(status: .mailSentIfKnown))))
    }

    func completePasswordReset(_ input: Operations.CompletePasswordReset.Input) async throws -> Operations.CompletePasswordReset.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        try await accounts.completePasswordReset(
            token: body.token, newPassword: body.newPassword, language: Language.named(byAcceptLanguage: input.headers.acceptLanguage))
        return .noContent(.init())
    }

    func confirmEmailChange(_ input: Operations.ConfirmEmailChange.Input) async throws -> Operations.ConfirmEmailChange.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        try await accounts.confirmEmailChange(token: body.token, language: Language.named(byAcceptLanguage: input.headers.acceptLanguage))
        return .noContent(.init())
    }

    func updateMe(_ input: Operations.UpdateMe.Input) async throws -> Operations.UpdateMe.Output {
        let principal = try Authorization.principal()
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        guard body.displayName != nil || body.language != nil else {
            throw APIError.validation([.init(field: "body", message: "name displayName, language or both")])
        }
        let updated = try await accounts.updateProfile(
            of: principal.account, displayName: body.displayName, language: body.language.map { Language(rawValue: $0.rawValue) ?? .de })
        return .ok(.init(body: .json(Self.me(updated))))
    }

    func changePassword(_ input: Operations.ChangePassword.Input) async throws -> Operations.ChangePassword.Output {
        let principal = try Authorization.principal()
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        try await accounts.changePassword(
            of: principal.account, session: principal.sessionID, current: body.currentPassword, new: body.newPassword,
            language: Language.named(byAcceptLanguage: input.headers.acceptLanguage))
        return .noContent(.init())
    }

    func requestEmailChange(_ input: Operations.RequestEmailChange.Input) async throws -> Operations.RequestEmailChange.Output {
        let principal = try Authorization.principal()
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        try await accounts.requestEmailChange(
            of: principal.account, to: body.newEmail, password: body.password,
            language: Language.named(byAcceptLanguage: input.headers.acceptLanguage))
        return .accepted(.init(body: .json(.init(status: .mailSentIfKnown))))
    }

    func eraseMe(_ input: Operations.EraseMe.Input) async throws -> Operations.EraseMe.Output {
        let principal = try Authorization.principal()
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected JSON") }
        try await accounts.eraseSelf(principal.account, password: body.password)
        return .noContent(.init())
    }
}
