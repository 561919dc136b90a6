import Hummingbird

/// Finds the documented operation of the route the router matched, once per request, and
/// hands it to the middleware inside (authentication, query validation, idempotency,
/// conditional GET) in the request context. A request no route matched has none.
struct OperationLookupMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let index: OperationIndex

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let template = context.endpointPath else { return try await next(request, context) }
        var context = context
        context.operation = index.operation(request.method, template: template)
        return try await next(request, context)
    }
}
