import HTTPTypes
import Hummingbird
import MitredenDomain
import MitredenStore

/// Resolves `Authorization: Bearer <token>` to a session and binds the principal to
/// ``RequestScope`` for the handlers. A token that is sent but not valid (unknown,
/// revoked, expired, account suspended) is answered 401 at once, so a client learns its
/// session is gone instead of silently acting anonymously.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let accounts: AccountService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            // Authentication before validation: refused before the body is decoded.
            if context.operation?.requiresBearer == true { throw APIError.unauthenticated() }
            return try await next(request, context)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", (20...200).contains(parts[1].count) else {
            throw APIError.unauthenticated("the Authorization header must be 'Bearer <token>'")
        }
        guard let (account, session) = try await accounts.authenticate(token: String(parts[1])) else {
            throw APIError.unauthenticated("the session has expired or was ended; log in again")
        }
        // Under MITREDEN_STAFF_MFA_REQUIRED a staff session without a second factor may
        // only set one up: every other route, public reads included (a staff session sees
        // drafts), is refused here, whatever the handler would decide.
        if try await accounts.mustEnrolSecondFactor(account), !SecondFactorGate.allows(request.method, path: request.uri.path) {
            throw APIError.secondFactorEnrolmentRequired
        }
        var scope = RequestScope.current
        scope.principal = Principal(account: account, sessionID: session)
        do {
            return try await RequestScope.$current.withValue(scope) { try await next(request, context) }
        } catch  where account.language != .de {
            throw AccountLanguage(error: error, language: account.language)
        }
    }
}

/// An error on its way to ``ProblemMiddleware`` from a request whose account reads English:
/// the account is known only inside this middleware, the answer is written outside it.
struct AccountLanguage: Error {
    let error: any Error
    let language: Language

    /// The error itself, and the account's language when it carried one.
    static func unwrap(_ error: any Error) -> (any Error, Language?) {
        guard let carried = error as? AccountLanguage else { return (error, nil) }
        return (carried.error, carried.language)
    }
}

/// What a staff session without a second factor may do while `MITREDEN_STAFF_MFA_REQUIRED`
/// is on: see its account, set up TOTP, log out. Fixed paths, compared exactly.
enum SecondFactorGate {
    static let allowed: [(HTTPRequest.Method, String)] = [
        (.get, "/v1/me"), (.get, "/v1/me/mfa"), (.post, "/v1/me/mfa/totp"), (.post, "/v1/me/mfa/totp/confirm"),
        (.delete, "/v1/sessions/current"),
    ]

    static func allows(_ method: HTTPRequest.Method, path: String) -> Bool {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        return allowed.contains { $0.0 == method && $0.1 == trimmed }
    }
}

extension APIError {
    static let secondFactorEnrolmentRequired = APIError(
        .forbidden, kind: "second-factor-enrolment-required", title: "Set up a second factor first",
        detail: "staff accounts need a second factor: POST /v1/me/mfa/totp, then confirm a code with POST /v1/me/mfa/totp/confirm")
}
