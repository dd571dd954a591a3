import CronMonitorAPI
import KubernetesRuntime

/// What the operator reports as it runs, for metrics. Every hook is optional; the executable
/// connects them to its Prometheus registry.
public struct OperatorObserver: Sendable {
    /// The controller's reconcile durations, errors and watch events.
    public var controller: ControllerObserver
    /// The work queue's depth after a change.
    public var queueDepth: @Sendable (_ depth: Int) -> Void
    /// Leadership gained (true) or lost (false).
    public var leader: @Sendable (_ isLeader: Bool) -> Void
    /// A monitor's status as last written (or observed): drives the per-monitor series.
    public var monitorStatus: @Sendable (_ namespace: String, _ name: String, _ status: CronMonitorStatus) -> Void
    /// A monitor was deleted: its per-monitor series go away.
    public var monitorDeleted: @Sendable (_ namespace: String, _ name: String) -> Void
    /// A list or watch of `resource` (a plural) failed with `code` (see `WatchFault.code`).
    public var watchError: @Sendable (_ resource: String, _ code: String) -> Void
    /// An Event was recorded (or a deferred one given up) with this outcome, by Event reason.
    public var eventRecorded: @Sendable (_ reason: String, _ outcome: EventOutcome) -> Void

    public init(
        controller: ControllerObserver = ControllerObserver(),
        queueDepth: @escaping @Sendable (Int) -> Void = { _ in },
        leader: @escaping @Sendable (Bool) -> Void = { _ in },
        monitorStatus: @escaping @Sendable (String, String, CronMonitorStatus) -> Void = { _, _, _ in },
        monitorDeleted: @escaping @Sendable (String, String) -> Void = { _, _ in },
        watchError: @escaping @Sendable (String, String) -> Void = { _, _ in },
        eventRecorded: @escaping @Sendable (String, EventOutcome) -> Void = { _, _ in }
    ) {
        self.controller = controller
        self.queueDepth = queueDepth
        self.leader = leader
        self.monitorStatus = monitorStatus
        self.monitorDeleted = monitorDeleted
        self.watchError = watchError
        self.eventRecorded = eventRecorded
    }
}
