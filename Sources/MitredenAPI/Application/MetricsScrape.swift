import Logging
import MitredenDomain
import MitredenStore
import Prometheus
import Synchronization

/// What `/metrics` answers: the request metrics the middleware keeps, plus what is read at
/// the moment of the scrape — the process (``ProcessMetrics``), the pool, readiness, and
/// the vote-night figures from the database (``OperationalSnapshot``), which every
/// instance reads alike. Every series has `# HELP`; names follow Prometheus's conventions
/// (`_total` counters, `_seconds` durations, base units), which `promtool check metrics`
/// checks in `MetricsConventionTests`.
final class MetricsScrape: Sendable {
    let registry: PrometheusCollectorRegistry
    private let database: Database
    private let readiness: ReadinessCheck
    private let clock: AppClock
    private let logger: Logger
    private let process: ProcessMetrics
    private let connectionsInUse, ready, operationalUp: Gauge
    private let mailQueued, oldestMail, mailFailing, mailStuck, ballotsLastMinute: Gauge
    private let replica: ReplicaSeries?
    /// The registry is the process's, shared by every application in it (the tests run
    /// many at once): setting the gauges and rendering them happen under this one lock,
    /// which also holds the units that have series, so a unit that is gone loses its own.
    private static let emission = Mutex<(moderation: Set<String>, response: Set<String>)>(([], []))

    init(registry: PrometheusCollectorRegistry, database: Database, readiness: ReadinessCheck, poolSize: Int, clock: AppClock, logger: Logger) {
        self.replica = database.replica.map { ReplicaSeries(replica: $0, registry: registry) }
        self.registry = registry
        self.database = database
        self.readiness = readiness
        self.clock = clock
        self.logger = logger
        self.process = ProcessMetrics(registry: registry)
        func gauge(_ name: String, _ help: String) -> Gauge { registry.makeGauge(name: name, labels: [], help: help) }
        registry.makeGauge(name: "mitreden_build_info", labels: [("version", BuildInfo.version)], help: "Always 1; the version of this build.")
            .set(to: 1)
        gauge("mitreden_db_pool_size", "Most database connections this instance opens (MITREDEN_DB_POOL_SIZE).").set(to: Double(poolSize))
        connectionsInUse = gauge("mitreden_db_connections_in_use", "Database connections of this instance leased right now.")
        ready = gauge("mitreden_ready", "1 when the database answers and its schema is this build's (as /health/ready), else 0.")
        operationalUp = gauge(
            "mitreden_operational_metrics_up", "1 when the outbox, moderation and ballot figures below could be read at this scrape.")
        mailQueued = gauge("mitreden_outbox_queued", "Mails in the outbox not yet sent (due or waiting for a retry), all instances.")
        oldestMail = gauge("mitreden_outbox_oldest_age_seconds", "Age of the oldest mail not yet sent; 0 when none waits.")
        mailFailing = gauge("mitreden_mail_failing", "Mails not yet sent whose last delivery attempt failed.")
        mailStuck = gauge(
            "mitreden_mail_stuck", "Mails not yet sent whose delivery failed \(MailAlarm.failingAttempts) times or more (logged at error).")
        ballotsLastMinute = gauge("mitreden_ballots_last_minute", "Ballots submitted or replaced in the last minute, all instances.")
    }

    /// Reads what is read per scrape and renders the registry in the text format.
    func exposition() async -> String {
        let isReady: Bool
        if case .ready = await readiness.run() { isReady = true } else { isReady = false }
        var snapshot: OperationalSnapshot?
        var responseTimes: [ResponseTimeGauges.UnitFigures]?
        do {
            snapshot = try await OperationalSnapshot.read(now: clock.now, on: database)
            responseTimes = try await ResponseTimeGauges.read(now: clock.now, on: database)
        } catch {
            responseTimes = nil
            // The scrape still answers with what it has; the gauges keep their last values
            // and `mitreden_operational_metrics_up` says they are stale.
            snapshot = nil
            logger.warning("metrics: the operational figures could not be read", metadata: ["error": "\(ServiceError(mapping: error))"])
        }
        return Self.emission.withLock { state in
            process.update()
            connectionsInUse.set(to: Double(database.connectionsInUse))
            replica?.update()
            ready.set(to: isReady ? 1 : 0)
            operationalUp.set(to: snapshot == nil ? 0 : 1)
            if let snapshot {
                mailQueued.set(to: Double(snapshot.mailQueued))
                oldestMail.set(to: snapshot.oldestMailAgeSeconds)
                mailFailing.set(to: Double(snapshot.mailFailing))
                mailStuck.set(to: Double(snapshot.mailStuck))
                ballotsLastMinute.set(to: Double(snapshot.ballotsLastMinute))
                state.moderation = record(snapshot.moderation, replacing: state.moderation)
            }
            if let responseTimes { state.response = record(responseTimes, replacing: state.response) }
            return registry.emitToString()
        }
    }

    /// Sets the per-unit gauges and removes those of units no longer there.
    private func record(_ backlog: [OperationalSnapshot.UnitBacklog], replacing previous: Set<String>) -> Set<String> {
        func gauges(_ unit: String) -> (backlog: Gauge, oldest: Gauge) {
            (
                registry.makeGauge(
                    name: "mitreden_moderation_backlog", labels: [("unit", unit)], help: "Open moderation items of the unit's campaigns."),
                registry.makeGauge(
                    name: "mitreden_moderation_oldest_pending_age_seconds", labels: [("unit", unit)],
                    help: "Age of the unit's oldest open moderation item; 0 when none is open.")
            )
        }
        var current: Set<String> = []
        for unit in backlog {
            let pair = gauges(unit.unit)
            pair.backlog.set(to: Double(unit.open))
            pair.oldest.set(to: unit.oldestAgeSeconds)
            current.insert(unit.unit)
        }
        for unit in previous.subtracting(current) {
            let pair = gauges(unit)
            registry.unregisterGauge(pair.backlog)
            registry.unregisterGauge(pair.oldest)
        }
        return current
    }

    /// The response promise per unit (``ResponseTimeGauges``); a figure there is nothing to
    /// show for yet, or a unit no longer there, loses its series.
    private func record(_ figures: [ResponseTimeGauges.UnitFigures], replacing previous: Set<String>) -> Set<String> {
        let series: [(name: String, help: String, value: (ResponseTimeGauges.UnitFigures) -> Double?)] = [
            ("mitreden_response_overdue", "Published proposals of the unit past their due day without an official response.", { Double($0.overdue) }),
            ("mitreden_response_open", "Published proposals of the unit without an official response.", { Double($0.open) }),
            ("mitreden_response_median_working_days", "Median working days to the unit's first official response.", { $0.medianWorkingDays }),
            ("mitreden_response_p90_working_days", "90th percentile of working days to the unit's first official response.", { $0.p90WorkingDays }),
            ("mitreden_response_in_time_ratio", "Share of the unit's decided proposals answered within the promise.", { $0.inTimeRatio }),
        ]
        func gauge(_ name: String, _ help: String, _ unit: String) -> Gauge { registry.makeGauge(name: name, labels: [("unit", unit)], help: help) }
        var current: Set<String> = []
        for figure in figures {
            current.insert(figure.unit)
            for entry in series {
                let gauge = gauge(entry.name, entry.help, figure.unit)
                if let value = entry.value(figure) { gauge.set(to: value) } else { registry.unregisterGauge(gauge) }
            }
        }
        for unit in previous.subtracting(current) {
            for entry in series { registry.unregisterGauge(gauge(entry.name, entry.help, unit)) }
        }
        return current
    }
}

/// The read replica's series (with `MITREDEN_DATABASE_REPLICA_URL`): its lag as last
/// measured, whether it serves, and the statements retried on the primary after it failed.
/// Which pool served each anonymous read is counted as it happens (`ReadRoutingMiddleware`).
private final class ReplicaSeries: Sendable {
    let replica: ReplicaPool
    let lag, serving, replicaConnections: Gauge
    let fallbacks: Counter
    /// Fallbacks already added to the counter (the pool counts them, the scrape adds the rest).
    private let counted = Mutex(0)

    init(replica: ReplicaPool, registry: PrometheusCollectorRegistry) {
        self.replica = replica
        lag = registry.makeGauge(
            name: "mitreden_replica_lag_seconds", labels: [],
            help: "Seconds the read replica's data is behind the primary at the last measurement; NaN when unknown.")
        serving = registry.makeGauge(
            name: "mitreden_replica_serving", labels: [],
            help: "1 while anonymous public reads go to the replica (it answers and lags at most MITREDEN_REPLICA_MAX_LAG), else 0.")
        replicaConnections = registry.makeGauge(
            name: "mitreden_replica_connections_in_use", labels: [], help: "Connections to the read replica leased right now.")
        fallbacks = registry.makeCounter(
            name: "mitreden_replica_fallbacks_total", labels: [], help: "Reads that failed on the replica and were answered by the primary.")
    }

    func update() {
        let status = replica.status
        lag.set(to: status.lagSeconds ?? .nan)
        serving.set(to: status.state == .serving ? 1 : 0)
        replicaConnections.set(to: Double(replica.database.connectionsInUse))
        let total = replica.counts.fallbacks
        let delta = counted.withLock { previous in
            defer { previous = max(previous, total) }
            return total - previous
        }
        if delta > 0 { fallbacks.increment(by: Int64(delta)) }
    }
}
