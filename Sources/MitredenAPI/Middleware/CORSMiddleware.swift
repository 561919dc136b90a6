import HTTPTypes
import Hummingbird
import MitredenDomain

/// Cross-origin requests from the browser front ends of `MITREDEN_CORS_ORIGINS`.
///
/// A page from a listed origin gets `Access-Control-Allow-Origin` naming exactly that
/// origin (never `*`), the response headers it may read, and `Vary: Origin` so a cache
/// keeps the answers apart. A preflight (`OPTIONS` with `Access-Control-Request-Method`)
/// from a listed origin is answered here with 204, before authentication, which a
/// preflight never carries; from any other origin it is a 403 problem naming the variable.
/// `Access-Control-Allow-Credentials` is never sent: the API takes a bearer token, which
/// the page sends itself; it uses no cookies. With no origins configured the middleware
/// does nothing, and `OPTIONS` is a 405 as for any undocumented method.
///
/// Outside the problem middleware, so refusals (401, 404, 422 …) carry the headers too and
/// the page can read why it was refused.
struct CORSMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let origins: AllowedOrigins
    /// How long a browser may reuse a preflight's answer.
    static let maxAge = "600"
    static let methods = "GET, POST, PUT, PATCH, DELETE"
    /// The request headers the API reads.
    static let requestHeaders = "Authorization, Content-Type, Idempotency-Key, If-None-Match, X-Request-Id"
    /// The response headers a page needs besides the CORS-safelisted ones.
    static let exposedHeaders = "ETag, Location, Retry-After, X-Request-Id, Content-Disposition"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !origins.isEmpty else { return try await next(request, context) }
        let origin = request.headers[.origin]
        if request.method == .options, let origin, request.headers[.accessControlRequestMethod] != nil {
            return preflight(from: origin, language: Language.preferred(byAcceptLanguage: request.headers[.acceptLanguage]))
        }
        var response = try await next(request, context)
        Self.addVaryOrigin(to: &response.headers)
        if let origin, origins.allows(origin) {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlExposeHeaders] = Self.exposedHeaders
        }
        return response
    }

    private func preflight(from origin: String, language: Language) -> Response {
        guard origins.allows(origin) else {
            let refusal = APIError(
                .forbidden, kind: "origin-not-allowed", title: "Origin not allowed",
                detail: "pages from \(TerminalSafe.origin(origin)) may not call this API; MITREDEN_CORS_ORIGINS lists the origins that may")
            var response = Problem(refusal, requestID: RequestScope.current.requestID, language: language).response()
            Self.addVaryOrigin(to: &response.headers)
            return response
        }
        var headers: HTTPFields = [:]
        headers[.accessControlAllowOrigin] = origin
        headers[.accessControlAllowMethods] = Self.methods
        headers[.accessControlAllowHeaders] = Self.requestHeaders
        headers[.accessControlMaxAge] = Self.maxAge
        headers[.vary] = "Origin"
        return Response(status: .noContent, headers: headers)
    }

    /// The answer depends on `Origin`: say so beside whatever `Vary` the response has.
    private static func addVaryOrigin(to headers: inout HTTPFields) {
        if let vary = headers[.vary], !vary.isEmpty {
            if !vary.lowercased().contains("origin") { headers[.vary] = "\(vary), Origin" }
        } else {
            headers[.vary] = "Origin"
        }
    }
}

/// An origin echoed in a problem's detail: only what an origin can hold, at most 200
/// characters, so a crafted header cannot put anything else into the answer.
enum TerminalSafe {
    static func origin(_ text: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._:/[]")
        return String(text.prefix(200).filter { allowed.contains($0) })
    }
}
