import CronMonitorController
import KubernetesRuntime
import Prometheus
import Synchronization

/// Every series the operator exports: the operator's own in one registry of its own (no global
/// metrics system, so each test gets an isolated registry), and the series of each monitor as
/// plain numbers (`MonitorSeries`), rendered when scraped. Feed it through `makeObserver()` and
/// `MetricsTransport`; read it with `exposition()`.
public final class OperatorMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    let monitors: Mutex<[MonitorKey: MonitorSeries]>
    private let reconcileSuccess: Counter
    private let reconcileError: Counter
    private let reconcileDuration: DurationHistogram
    private let queueDepth: Gauge
    private let watchEvents: Counter
    private let leader: Gauge

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        monitors = Mutex([:])
        reconcileSuccess = registry.makeCounter(descriptor: MetricNames.reconciles.descriptor, labels: [("result", "success")])
        reconcileError = registry.makeCounter(descriptor: MetricNames.reconciles.descriptor, labels: [("result", "error")])
        reconcileDuration = registry.makeDurationHistogram(
            descriptor: MetricNames.reconcileDuration.descriptor, buckets: MetricNames.reconcileDurationBuckets)
        queueDepth = registry.makeGauge(descriptor: MetricNames.queueDepth.descriptor)
        watchEvents = registry.makeCounter(descriptor: MetricNames.watchEvents.descriptor)
        leader = registry.makeGauge(descriptor: MetricNames.leader.descriptor)
        registry.makeGauge(descriptor: MetricNames.buildInfo.descriptor, labels: [("version", OperatorVersion.current)])
            .set(Int64(1))
    }

    /// Hooks for every event the operator (`Operator` in the CronMonitorOperator module) reports.
    public func makeObserver() -> OperatorObserver {
        OperatorObserver(
            controller: ControllerObserver(
                reconciled: { [self] duration, failed in reconciled(duration: duration, failed: failed) },
                watchEvents: { [self] count in watchEventsReceived(count) }
            ),
            queueDepth: { [self] depth in queueDepth.set(Int64(depth)) },
            leader: { [self] isLeader in leader.set(Int64(isLeader ? 1 : 0)) },
            monitorStatus: { [self] namespace, name, status in monitorStatus(namespace: namespace, name: name, status: status) },
            monitorDeleted: { [self] namespace, name in monitorDeleted(namespace: namespace, name: name) },
            watchError: { [self] resource, code in watchError(resource: resource, code: code) },
            eventRecorded: { [self] reason, outcome in eventRecorded(reason: reason, outcome: outcome) }
        )
    }

    /// Counts one request to the API server (see `MetricsTransport`).
    public func apiRequest(verb: String, code: String) {
        registry.makeCounter(descriptor: MetricNames.apiRequests.descriptor, labels: [("verb", verb), ("code", code)])
            .increment()
    }

    /// Counts one failed list or watch (`cronmonitor_watch_errors_total{resource,code}`).
    public func watchError(resource: String, code: String) {
        registry.makeCounter(
            descriptor: MetricNames.watchErrors.descriptor, labels: [("resource", resource), ("code", code)]
        ).increment()
    }

    /// Counts one recorded Event (`cronmonitor_events_total{reason,outcome}`; reasons are a fixed set).
    public func eventRecorded(reason: String, outcome: EventOutcome) {
        registry.makeCounter(
            descriptor: MetricNames.events.descriptor, labels: [("reason", reason), ("outcome", outcome.rawValue)]
        ).increment()
    }

    /// The Prometheus text exposition (format 0.0.4) of every series.
    public func exposition() -> String {
        var text: [UInt8] = []
        for piece in expositionPieces() { text += piece }
        return String(decoding: text, as: UTF8.self)
    }

    /// The text exposition in pieces, for a response written as it is produced: the registry's
    /// series, then the monitors' in pieces of about `pieceBytes`.
    public func expositionPieces(pieceBytes: Int = 65_536) -> ExpositionPieces {
        ExpositionPieces(registryText: registry.emitToBuffer(), monitors: monitorFamilyPieces(pieceBytes: pieceBytes))
    }

    /// The content type of `exposition()`.
    public static let contentType = "text/plain; version=0.0.4"

    func reconciled(duration: Duration, failed: Bool) {
        (failed ? reconcileError : reconcileSuccess).increment()
        reconcileDuration.record(duration)
    }

    func watchEventsReceived(_ count: Int) {
        guard count > 0 else { return }
        watchEvents.increment(by: Int64(count))
    }
}
