import HTTPTypes
import Hummingbird

/// Headers that tell a browser to treat every answer as what it says it is and nothing
/// more: no content sniffing (a JSON body with HTML in a citizen's text is never run as
/// a page), no referrer (URLs may carry campaign slugs and cursors), no framing
/// (clickjacking), and a content security policy that allows nothing to load. The one HTML
/// answer, the council report, sets its own policy (``reportPolicy``) for its inline style
/// and images. Outside the problem middleware, so refusals and errors carry them too.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// For JSON, YAML, CSV and ZIP: nothing to load, no frame may embed it.
    static let defaultPolicy = "default-src 'none'; frame-ancestors 'none'"
    /// For `report.html`: self-contained, with inline CSS and inline SVG (images as `data:`),
    /// no scripts, fonts or requests elsewhere. The report repeats it in a meta element for
    /// the saved file, where `frame-ancestors` has no effect.
    static let reportPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.xFrameOptions] = "DENY"
        if response.headers[.contentSecurityPolicy] == nil { response.headers[.contentSecurityPolicy] = Self.defaultPolicy }
        return response
    }
}

extension HTTPField.Name {
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xFrameOptions = Self("X-Frame-Options")!
}
