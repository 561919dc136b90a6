import Hummingbird
import MitredenStore
import Prometheus

/// Sends anonymous public reads to the streaming replica (``ReplicaPool``) while it is in
/// time; every other request reads the primary. "Public read" is what `openapi.yaml`
/// documents as cacheable (``DocumentedOperation/caching``: campaigns, proposal lists and
/// proposals, comments, results, exports); "anonymous" is a request without
/// `Authorization`. A signed-in participant or staff member therefore always reads the
/// primary and sees their own vote or comment at once, however far the replica lags.
struct ReadRoutingMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let replica: ReplicaPool
    private let servedByReplica: Counter
    private let servedByPrimary: Counter

    init(replica: ReplicaPool, registry: PrometheusCollectorRegistry) {
        self.replica = replica
        let help = "Anonymous public reads by the database pool that served them (replica while in time, else primary)."
        servedByReplica = registry.makeCounter(name: "mitreden_public_reads_total", labels: [("pool", "replica")], help: help)
        servedByPrimary = registry.makeCounter(name: "mitreden_public_reads_total", labels: [("pool", "primary")], help: help)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head, request.headers[.authorization] == nil,
            context.operation?.caching != nil
        else { return try await next(request, context) }
        let onReplica = replica.isServing
        replica.countRequest(onReplica: onReplica)
        guard onReplica else {
            servedByPrimary.increment()
            return try await next(request, context)
        }
        servedByReplica.increment()
        return try await ReplicaReads.$allowed.withValue(true) { try await next(request, context) }
    }
}
