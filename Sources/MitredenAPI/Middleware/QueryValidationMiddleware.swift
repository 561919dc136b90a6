import Hummingbird

/// Checks the query of every request against the parameters its operation documents
/// (``QueryParameters``) before the generated server or the export route reads it. It runs
/// after authentication, so a caller without the session a route needs gets its 401 first.
struct QueryValidationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let documented = context.operation?.queryParameters {
            try QueryParameters.check(query: request.uri.query, against: documented)
        }
        return try await next(request, context)
    }
}
