import Hummingbird
import Logging
import MitredenDomain

/// Renders every error as `application/problem+json`. Known errors keep their status;
/// anything else is a bug: logged with the request id (its type and a description that
/// carries no request data) and answered with a 500 that says nothing about the inside. A request for a known path with the wrong method gets 405.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let thrown {
            let requestID = RequestScope.current.requestID
            // German unless the request asks otherwise, or, when it says nothing, the
            // signed-in account's language (``AccountLanguage``) is English.
            let (error, accountLanguage) = AccountLanguage.unwrap(thrown)
            let language = Language.named(byAcceptLanguage: request.headers[.acceptLanguage]) ?? accountLanguage ?? .de
            if var apiError = ErrorTranslation.apiError(for: error) {
                if apiError.status == .notFound, let allowed = routes.methodsNotAllowing(request.method, path: request.uri.path) {
                    let methods = allowed.joined(separator: ", ")
                    apiError = APIError(
                        .methodNotAllowed, kind: "method-not-allowed", title: "Method not allowed",
                        detail: "\(request.uri.path) accepts \(methods), not \(request.method.rawValue)",
                        headers: [.allow: allowed.joined(separator: ", ")]
                    )
                }
                return Problem(apiError, requestID: requestID, language: language).response(extraHeaders: apiError.headers)
            }
            // Type and a description without request data: never the error itself, whose
            // runtime wrapper would print the request body (ErrorLogDescription).
            context.logger.error(
                "unexpected error",
                metadata: [
                    "error_type": .string(ErrorLogDescription.type(of: error)), "error": .string(ErrorLogDescription.describe(error)),
                ])
            let internalError = APIError(
                .internalServerError, kind: "internal", title: "Internal error",
                detail: "The server could not complete the request. Quote request id \(requestID) when reporting it."
            )
            return Problem(internalError, requestID: requestID, language: language).response()
        }
    }
}
