import CronMonitorAPI
import KubernetesModel

/// `cronmonitor_health{namespace,monitor,status,reason}`: a monitor's health as a state, in the
/// style of kube-state-metrics: one series, set to 1, whose labels are the state. A monitor that
/// cannot be judged yet (no runs, suspended, not ready) is `status="Unknown"`, so alerting on
/// `status="False"` never pages for it. `reason` comes from a fixed set (else `Other`), so the
/// series stay few.
enum HealthSeries {
    struct State: Hashable, Sendable {
        var status: String
        var reason: String
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

    /// `reason` if the set has it, else `Other`; the set's own string, so a series keeps no copy
    /// of a status's string alive.
    static func bounded(_ reason: String) -> String { reasons.firstIndex(of: reason).map { reasons[$0] } ?? other }
}
