import Metrics
import Prometheus

/// The process's Prometheus registry. swift-metrics can be bootstrapped once per process,
/// so the first use bootstraps it and every application built afterwards shares it.
public enum PrometheusSetup {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// The registry in the Prometheus text exposition format.
    public static func exposition() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
