import Prometheus

/// The name and help text of every series the operator exports. The registry insists that a
/// name always comes with the same help text, so both live here, once.
enum MetricNames {
    static let runs = descriptor("cronmonitor_runs_total", "Runs of a monitor by result, from status.totals.")
    static let runDuration = descriptor(
        "cronmonitor_run_duration_seconds", "Duration of finished runs of a monitor, in seconds.")
    static let lastSuccess = descriptor(
        "cronmonitor_last_success_timestamp_seconds", "Unix time of the monitor's last successful run.")
    static let activeRuns = descriptor("cronmonitor_active_runs", "Runs of a monitor active now.")
    static let consecutiveFailures = descriptor(
        "cronmonitor_consecutive_failures", "Consecutive failed runs of a monitor.")
    static let healthy = descriptor(
        "cronmonitor_healthy", "Deprecated, use cronmonitor_health: 1 when the Healthy condition is True, else 0.")
    static let health = descriptor(
        "cronmonitor_health",
        "1 for the monitor's health state: status is its Healthy condition (Unknown while it is not Ready), "
            + "reason the condition's reason (from a fixed set, else Other).")

    static let reconciles = descriptor("cronmonitor_reconcile_total", "Reconciles by result (success or error).")
    static let reconcileDuration = descriptor(
        "cronmonitor_reconcile_duration_seconds", "Duration of reconciles, in seconds.")
    static let queueDepth = descriptor("cronmonitor_workqueue_depth", "Keys waiting in the work queue.")
    static let watchEvents = descriptor("cronmonitor_watch_events_total", "Cache changes received from watches.")
    static let watchErrors = descriptor(
        "cronmonitor_watch_errors_total", "Failed lists and watches by resource and code (HTTP status, transport).")
    static let events = descriptor(
        "cronmonitor_events_total", "Events recorded by reason and outcome (emitted, folded, deferred, failed).")
    static let apiRequests = descriptor(
        "cronmonitor_api_requests_total", "Requests to the Kubernetes API by verb and response code.")
    static let leader = descriptor("cronmonitor_leader", "1 while this replica holds the leader lease, else 0.")
    static let buildInfo = descriptor(
        "cronmonitor_build_info", "Always 1; the version label is the running operator's version.")

    /// Buckets for run durations: cron jobs last seconds to a day.
    static let runDurationBuckets: [Double] = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400]

    /// Buckets for reconcile durations.
    static let reconcileDurationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    private static func descriptor(_ name: String, _ help: String) -> MetricName {
        MetricName(name: name, help: help)
    }
}

/// A series name with its help text.
struct MetricName: Sendable, Equatable {
    let name: String
    let help: String

    var descriptor: MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}
