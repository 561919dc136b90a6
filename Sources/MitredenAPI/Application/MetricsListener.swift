import Hummingbird
import Logging
import MitredenStore
import NIOCore

/// `/metrics` on an address of its own (`MITREDEN_METRICS_ADDRESS`): a second, minimal
/// Hummingbird application run as a service of the main one, so it starts and stops with
/// it. Prometheus scrapes it on an internal interface while the API may face the public;
/// the main port then answers `/metrics` with 404 (``APIHandlers/getMetrics(_:)``).
enum MetricsListener {
    static func application(address: ListenAddress, logger: Logger) -> some ApplicationProtocol {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: PrometheusSetup.exposition())))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: "mitreden-metrics"),
            logger: logger)
    }
}
