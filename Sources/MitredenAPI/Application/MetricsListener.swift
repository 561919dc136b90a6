import Hummingbird
import Logging
import MitredenStore
import NIOCore

/// `/metrics` on an address of its own (`MITREDEN_METRICS_ADDRESS`): a second, minimal
/// Hummingbird application run as a service of the main one, so it starts and stops with
/// it. Prometheus scrapes it on an internal interface while the API may face the public;
/// the main port then answers `/metrics` with 404 (``APIHandlers/getMetrics(_:)``).
/// The address it is bound to is logged at notice level (port 0 asks the kernel for one).
enum MetricsListener {
    static func application(address: ListenAddress, metrics: MetricsScrape, logger: Logger) -> some ApplicationProtocol {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: await metrics.exposition())))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: "mitreden-metrics"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? address.port
                logger.notice("metrics listening", metadata: ["metrics_host": "\(address.host)", "metrics_port": "\(port)"])
            },
            logger: logger)
    }
}
