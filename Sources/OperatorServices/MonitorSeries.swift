import CronMonitorAPI
import KubernetesModel
import Prometheus

/// A monitor's identity in the metrics.
struct MonitorKey: Hashable, Sendable {
    var namespace: String
    var name: String

    var labels: [(String, String)] { [("namespace", namespace), ("monitor", name)] }
}

/// The series of one monitor, and what was already counted into them.
struct MonitorSeries: Sendable {
    /// `cronmonitor_runs_total` by result label.
    var runs: [String: Counter]
    /// The totals last counted, by result label.
    var countedTotals: [String: Int64]
    let runDuration: ValueHistogram
    /// Uids of finished runs already observed into `runDuration` (only those still in status.runs).
    var observedRuns: Set<String>
    /// Created on the first success: a zero timestamp would read as "failing since 1970".
    var lastSuccess: Gauge?
    let activeRuns: Gauge
    let consecutiveFailures: Gauge
    let healthy: Gauge
    /// `cronmonitor_health`, created on the first update (it needs the status's state).
    var health: HealthSeries?

    init(key: MonitorKey, registry: PrometheusCollectorRegistry) {
        var runs: [String: Counter] = [:]
        for result in Self.countedResults {
            runs[result] = registry.makeCounter(
                descriptor: MetricNames.runs.descriptor, labels: key.labels + [("result", result)])
        }
        self.runs = runs
        countedTotals = [:]
        runDuration = registry.makeValueHistogram(
            descriptor: MetricNames.runDuration.descriptor, labels: key.labels, buckets: MetricNames.runDurationBuckets)
        observedRuns = []
        lastSuccess = nil
        activeRuns = registry.makeGauge(descriptor: MetricNames.activeRuns.descriptor, labels: key.labels)
        consecutiveFailures = registry.makeGauge(descriptor: MetricNames.consecutiveFailures.descriptor, labels: key.labels)
        healthy = registry.makeGauge(descriptor: MetricNames.healthy.descriptor, labels: key.labels)
    }

    /// The `result` labels of `cronmonitor_runs_total`, in the order of `Self.totals(_:)`.
    static let countedResults = ["succeeded", "failed", "missed", "stuck", "duplicate", "not_started", "too_short"]

    /// status.totals by result label.
    static func totals(_ totals: RunTotals?) -> [String: Int64] {
        [
            "succeeded": totals?.succeeded ?? 0,
            "failed": totals?.failed ?? 0,
            "missed": totals?.missed ?? 0,
            "stuck": totals?.stuck ?? 0,
            "duplicate": totals?.duplicates ?? 0,
            "not_started": totals?.notStarted ?? 0,
            "too_short": totals?.tooShort ?? 0,
        ]
    }

    /// Brings every series up to `status`.
    mutating func update(key: MonitorKey, status: CronMonitorStatus, registry: PrometheusCollectorRegistry) {
        for (result, total) in Self.totals(status.totals) {
            let counted = countedTotals[result] ?? 0
            // A total that went down (status rewritten) is a new baseline: counters never decrease.
            if total > counted, let counter = runs[result] {
                counter.increment(by: total - counted)
            }
            countedTotals[result] = total
        }

        var finished: Set<String> = []
        for record in status.runs ?? [] {
            guard let uid = record.uid, let seconds = Self.durationSeconds(of: record) else { continue }
            finished.insert(uid)
            if !observedRuns.contains(uid) {
                runDuration.record(seconds)
            }
        }
        observedRuns = finished

        if let success = status.lastSuccessTime {
            let gauge = lastSuccess ?? registry.makeGauge(descriptor: MetricNames.lastSuccess.descriptor, labels: key.labels)
            gauge.set(success.secondsSinceEpoch)
            lastSuccess = gauge
        }
        activeRuns.set(Int64(status.active ?? Int32(status.activeRuns?.count ?? 0)))
        consecutiveFailures.set(Int64(status.consecutiveFailures ?? 0))
        let isHealthy = status.conditions?.condition(CronMonitorCondition.healthy)?.status == .true
        healthy.set(Int64(isHealthy ? 1 : 0))
        health =
            health?.updated(key: key, status: status, registry: registry)
            ?? HealthSeries(key: key, state: HealthSeries.state(of: status), registry: registry)
    }

    /// Removes every series of this monitor from the registry.
    func unregister(from registry: PrometheusCollectorRegistry) {
        for counter in runs.values {
            registry.unregisterCounter(counter)
        }
        registry.unregisterValueHistogram(runDuration)
        if let lastSuccess {
            registry.unregisterGauge(lastSuccess)
        }
        registry.unregisterGauge(activeRuns)
        registry.unregisterGauge(consecutiveFailures)
        registry.unregisterGauge(healthy)
        health?.unregister(from: registry)
    }

    /// A finished run's duration in seconds; nil while it runs, and for missed slots.
    static func durationSeconds(of record: RunRecord) -> Double? {
        switch record.result {
        case .pending, .running, .missed:
            return nil
        case .succeeded, .failed, .stuck, .terminated, .duplicate:
            guard let finish = record.finishTime else { return nil }
            if let seconds = record.durationSeconds {
                return Double(seconds)
            }
            guard let start = record.startTime else { return nil }
            return Double(max(0, finish.secondsSinceEpoch - start.secondsSinceEpoch))
        }
    }
}
