import CronMonitorAPI
import KubernetesModel

/// How a monitor looks at a glance, from its `Ready` and `Healthy` conditions: what the overview
/// sorts and filters by, and what a badge says.
public enum MonitorHealth: String, Sendable, Codable, Equatable, CaseIterable {
    /// `Healthy=True`.
    case healthy = "Healthy"
    /// `Healthy=False`: a run failed, got stuck, or a slot was missed.
    case unhealthy = "Unhealthy"
    /// `Ready=False`: the spec is invalid or the target is missing.
    case notReady = "NotReady"
    /// Not judged yet (no conditions, or `Healthy=Unknown`, e.g. no runs yet).
    case unknown = "Unknown"

    /// The health of `status`, with the reason and message of the condition that decided it.
    public init(status: CronMonitorStatus?) {
        let conditions = status?.conditions ?? []
        let ready = conditions.first { $0.type == CronMonitorCondition.ready }
        let healthy = conditions.first { $0.type == CronMonitorCondition.healthy }
        if ready?.status == .false {
            self = .notReady
            return
        }
        switch healthy?.status {
        case .true: self = .healthy
        case .false: self = .unhealthy
        case .unknown, nil: self = .unknown
        }
    }

    /// The condition that explains the health: `Ready` when not ready, else `Healthy`.
    public static func deciding(_ status: CronMonitorStatus?) -> Condition? {
        let conditions = status?.conditions ?? []
        let ready = conditions.first { $0.type == CronMonitorCondition.ready }
        if ready?.status == .false { return ready }
        return conditions.first { $0.type == CronMonitorCondition.healthy }
    }

    /// Whether it needs someone's attention (listed first).
    public var needsAttention: Bool {
        switch self {
        case .unhealthy, .notReady: true
        case .healthy, .unknown: false
        }
    }

    /// The word on a badge.
    var badgeText: String {
        switch self {
        case .healthy: "healthy"
        case .unhealthy: "failing"
        case .notReady: "not ready"
        case .unknown: "unknown"
        }
    }
}
