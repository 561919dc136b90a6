import HTTPTypes
import Hummingbird
import MitredenDomain

/// Decides who the client is for throttles and session records: the TCP peer, or, when
/// the peer is one of `MITREDEN_TRUSTED_PROXIES`, the address its `X-Forwarded-For` names
/// (see ``TrustedProxies``). Runs right after the request id, before anything counts.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trustedProxies: TrustedProxies

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var scope = RequestScope.current
        scope.clientAddress = trustedProxies.clientAddress(
            peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[values: .xForwardedFor])
        return try await RequestScope.$current.withValue(scope) { try await next(request, context) }
    }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
}
