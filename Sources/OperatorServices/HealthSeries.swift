import CronMonitorAPI
import KubernetesModel
import Prometheus

/// `cronmonitor_health{namespace,monitor,status,reason}`: a monitor's health as a state, in the
/// style of kube-state-metrics: one series, set to 1, whose labels are the state. A monitor that
/// cannot be judged yet (no runs, suspended, not ready) is `status="Unknown"`, so alerting on
/// `status="False"` never pages for it. `reason` comes from a fixed set (else `Other`), so the
/// series stay few.
struct HealthSeries: Sendable {
    struct State: Hashable, Sendable {
        var status: String
        var reason: String
    }

    private(set) var state: State
    private let gauge: Gauge

    init(key: MonitorKey, state: State, registry: PrometheusCollectorRegistry) {
        self.state = state
        gauge = registry.makeGauge(
            descriptor: MetricNames.health.descriptor,
            labels: key.labels + [("status", state.status), ("reason", state.reason)])
        gauge.set(Int64(1))
    }

    /// The health state `status` reports: the `Healthy` condition, or Unknown with the `Ready`
    /// condition's reason while the monitor is not ready (its runs are not being judged).
    static func state(of status: CronMonitorStatus) -> State {
        let conditions = status.conditions ?? []
        if let ready = conditions.condition(CronMonitorCondition.ready), ready.status != .true {
            return State(status: ConditionStatus.unknown.rawValue, reason: bounded(ready.reason))
        }
        guard let healthy = conditions.condition(CronMonitorCondition.healthy) else {
            return State(status: ConditionStatus.unknown.rawValue, reason: other)
        }
        return State(status: healthy.status.rawValue, reason: bounded(healthy.reason))
    }

    /// The `reason` label values; any other reason is exported as `Other`.
    static let reasons: Set<String> = [
        ReadyReason.invalidSpec, ReadyReason.cronJobNotFound, ReadyReason.invalidSchedule,
        ReadyReason.unknownTimeZone, ReadyReason.scheduleNeverFires,
        HealthyReason.succeeded, HealthyReason.runFailed, HealthyReason.runStuck, HealthyReason.scheduleMissed,
        HealthyReason.suspended, HealthyReason.noRunsYet, HealthyReason.failuresBelowThreshold,
        HealthyReason.runNotStarted,
    ]

    static let other = "Other"

    static func bounded(_ reason: String) -> String { reasons.contains(reason) ? reason : other }

    /// The series for `status`: this one when the state is unchanged, else a new one (the old
    /// series is removed, so exactly one series of the monitor is 1).
    func updated(key: MonitorKey, status: CronMonitorStatus, registry: PrometheusCollectorRegistry) -> HealthSeries {
        let next = Self.state(of: status)
        guard next != state else { return self }
        unregister(from: registry)
        return HealthSeries(key: key, state: next, registry: registry)
    }

    func unregister(from registry: PrometheusCollectorRegistry) {
        registry.unregisterGauge(gauge)
    }
}
