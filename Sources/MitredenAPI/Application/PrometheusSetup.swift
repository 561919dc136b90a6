import Prometheus

/// The process's Prometheus registry, shared by every application built in the process
/// (the tests build many). Metrics are made on it directly, with their HELP text, rather
/// than through swift-metrics: its factory gives no HELP line, and a library's metric
/// would appear under whatever name it chose. swift-metrics is therefore not bootstrapped,
/// so a dependency that records through it records nothing.
public enum PrometheusSetup {
    public static let registry = PrometheusCollectorRegistry()
}
