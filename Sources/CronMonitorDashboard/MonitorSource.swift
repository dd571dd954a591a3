import CronMonitorAPI
import CronMonitorController
import KubernetesRuntime

/// Where the dashboard reads monitors and their Events: the operator's caches, never the API
/// server.
public struct MonitorSource: Sendable {
    public var list: @Sendable () -> [CronMonitor]
    public var get: @Sendable (ObjectKey) -> CronMonitor?
    /// A monitor's recent Events (from the Events cache), or why they are unavailable.
    public var events: @Sendable (CronMonitor) -> RecentMonitorEvents
    /// Changes whenever a monitor's recent Events change (the live feed pushes the monitor then).
    public var eventsRevision: @Sendable (CronMonitor) -> UInt64

    public init(
        list: @escaping @Sendable () -> [CronMonitor], get: @escaping @Sendable (ObjectKey) -> CronMonitor?,
        events: @escaping @Sendable (CronMonitor) -> RecentMonitorEvents = { _ in Self.notCached },
        eventsRevision: @escaping @Sendable (CronMonitor) -> UInt64 = { _ in 0 }
    ) {
        self.list = list
        self.get = get
        self.events = events
        self.eventsRevision = eventsRevision
    }

    /// The monitors cache of `caches` (every watched namespace), and the Events cache, if kept.
    public init(caches: Caches, events: MonitorEventCaches? = nil) {
        let monitors = caches.monitors
        self.init(
            list: { monitors.stores.values.flatMap { $0.list() } },
            get: { monitors.get($0) },
            events: { monitor in events?.recent(for: monitor) ?? Self.notCached },
            eventsRevision: { monitor in events?.revision(for: monitor) ?? 0 })
    }

    /// Without an Events cache.
    public static let notCached = RecentMonitorEvents(events: [], unavailable: "the operator keeps no cache of Events")
}
