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
    let secured: SecuredOperations

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            // Authentication before validation: refused before the body is decoded.
            if secured.requiresBearer(request.method, path: request.uri.path) { throw APIError.unauthenticated() }
            return try await next(request, context)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", (20...200).contains(parts[1].count) else {
            throw APIError.unauthenticated("the Authorization header must be 'Bearer <token>'")
        }
        guard let (account, session) = try await accounts.authenticate(token: String(parts[1])) else {
            throw APIError.unauthenticated("the session has expired or was ended; log in again")
        }
        var scope = RequestScope.current
        scope.principal = Principal(account: account, sessionID: session)
        return try await RequestScope.$current.withValue(scope) { try await next(request, context) }
    }
}
