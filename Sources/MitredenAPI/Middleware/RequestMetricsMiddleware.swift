import Dispatch
import Hummingbird
import Prometheus

/// Requests by route, method and status, in Prometheus's conventions: a `_total` counter
/// and a `_seconds` histogram, each with `# HELP`. Hummingbird's own `MetricsMiddleware`
/// named its counter without `_total`, gave nothing a HELP line, and made an error counter
/// per route that stayed at zero for every route that never failed.
///
/// A series exists from its first request on, never before, and the route is Hummingbird's
/// pattern (`/v1/proposals/{id}`), or `unmatched` for a path no route has: the number of
/// series is bounded by the routes, not by what clients send.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    static var requestsHelp: String { "HTTP requests answered, by route pattern, method and status." }
    static var durationHelp: String { "Time from receiving a request to the end of its response body, by route pattern and method." }
    static var buckets: [Duration] {
        [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
    }

    let registry: PrometheusCollectorRegistry
    let inFlight: Gauge

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        self.inFlight = registry.makeGauge(name: "mitreden_http_requests_in_flight", labels: [], help: "HTTP requests being answered now.")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        inFlight.increment()
        do {
            var response = try await next(request, context)
            let status = response.status.code
            // Timed to the end of the body, which for a streamed export is long after the
            // handler returned (Hummingbird's own hook for this is not public).
            let body = response.body
            let finish: @Sendable () -> Void = {
                record(request, context: context, status: status, since: start)
                inFlight.decrement()
            }
            response.body = ResponseBody(contentLength: body.contentLength) { writer in
                do {
                    try await body.write(writer)
                    finish()
                } catch {
                    finish()
                    throw error
                }
            }
            return response
        } catch {
            // The problem middleware inside answers nearly everything; what still arrives
            // here is counted with the status Hummingbird will send.
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            record(request, context: context, status: status, since: start)
            inFlight.decrement()
            throw error
        }
    }

    private func record(_ request: Request, context: Context, status: Int, since start: UInt64) {
        // Hummingbird names a path no route matches "NotFound", or nothing at all.
        let route = context.endpointPath.flatMap { $0 == "NotFound" ? nil : $0 } ?? "unmatched"
        let method = request.method.rawValue
        registry.makeCounter(
            name: "mitreden_http_requests_total", labels: [("route", route), ("method", method), ("status", String(status))],
            help: Self.requestsHelp
        ).increment()
        registry.makeDurationHistogram(
            name: "mitreden_http_request_duration_seconds", labels: [("route", route), ("method", method)], buckets: Self.buckets,
            help: Self.durationHelp
        ).recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start))
    }
}
