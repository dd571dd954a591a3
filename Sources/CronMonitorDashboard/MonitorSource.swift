import CronMonitorAPI
import CronMonitorController
import KubernetesRuntime

/// Where the dashboard reads monitors: the operator's cache, never the API server.
public struct MonitorSource: Sendable {
    public var list: @Sendable () -> [CronMonitor]
    public var get: @Sendable (ObjectKey) -> CronMonitor?

    public init(list: @escaping @Sendable () -> [CronMonitor], get: @escaping @Sendable (ObjectKey) -> CronMonitor?) {
        self.list = list
        self.get = get
    }

    /// The monitors cache of `caches` (every watched namespace).
    public init(caches: Caches) {
        let monitors = caches.monitors
        self.init(
            list: { monitors.stores.values.flatMap { $0.list() } },
            get: { monitors.get($0) })
    }
}
