import Foundation
import Prometheus
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The process collector every Prometheus client library exports under these names
/// (`process_resident_memory_bytes`, `process_open_fds`, …), read from `/proc/self` at
/// each scrape, so dashboards and alerts written for other services work unchanged.
/// swift-prometheus has none of its own. Linux only, as the server is.
final class ProcessMetrics: Sendable {
    private let residentMemory: Gauge
    private let virtualMemory: Gauge
    private let openFiles: Gauge
    private let maxFiles: Gauge
    private let startTime: Gauge
    private let cpuSeconds: Counter
    /// CPU seconds already added to the counter (a Prometheus counter only grows by deltas).
    private let countedCPU = Mutex(0.0)

    init(registry: PrometheusCollectorRegistry) {
        residentMemory = registry.makeGauge(name: "process_resident_memory_bytes", labels: [], help: "Resident memory size in bytes.")
        virtualMemory = registry.makeGauge(name: "process_virtual_memory_bytes", labels: [], help: "Virtual memory size in bytes.")
        openFiles = registry.makeGauge(name: "process_open_fds", labels: [], help: "Number of open file descriptors.")
        maxFiles = registry.makeGauge(name: "process_max_fds", labels: [], help: "Maximum number of open file descriptors.")
        startTime = registry.makeGauge(
            name: "process_start_time_seconds", labels: [], help: "Start time of the process since unix epoch in seconds.")
        cpuSeconds = registry.makeCounter(name: "process_cpu_seconds_total", labels: [], help: "Total user and system CPU time spent in seconds.")
        startTime.set(to: Self.startedAt() ?? Date().timeIntervalSince1970)
    }

    /// Reads `/proc/self` now.
    func update() {
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        if let statm = Self.read("/proc/self/statm")?.split(separator: " "), statm.count >= 2,
            let pages = Double(statm[0]), let resident = Double(statm[1])
        {
            virtualMemory.set(to: pages * pageSize)
            residentMemory.set(to: resident * pageSize)
        }
        if let files = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            // The directory listing itself holds one descriptor while it is read.
            openFiles.set(to: Double(max(0, files.count - 1)))
        }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 { maxFiles.set(to: Double(limit.rlim_cur)) }
        if let fields = Self.statFields(), fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) {
            let total = (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
            let delta = countedCPU.withLock { counted -> Double in
                let delta = total - counted
                if delta > 0 { counted = total }
                return delta
            }
            if delta > 0 { cpuSeconds.increment(by: delta) }
        }
    }

    /// The fields of `/proc/self/stat` after the command name (which may hold spaces, so
    /// it is skipped up to its closing parenthesis): index 0 is field 3 of proc(5).
    private static func statFields() -> [Substring]? {
        guard let stat = read("/proc/self/stat"), let end = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: end)...].split(separator: " ")
    }

    /// Boot time plus the process's start in clock ticks after boot.
    private static func startedAt() -> Double? {
        guard let fields = statFields(), fields.count > 19, let ticks = Double(fields[19]),
            let boot = read("/proc/stat")?.split(separator: "\n").first(where: { $0.hasPrefix("btime ") })?.split(separator: " ").last,
            let bootTime = Double(boot)
        else { return nil }
        return bootTime + ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    private static func read(_ path: String) -> String? {
        (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
