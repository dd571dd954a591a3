import CronMonitorAPI
import KubernetesModel
import KubernetesRuntime
import Logging

/// The Events about CronMonitors, one `MonitorEventCache` per watched namespace (or one for
/// all), each with the health of the watcher filling it. Kept only when the dashboard is
/// served; optional to everything else: it gates neither readiness nor reconciles, and a fault
/// (RBAC without `list`/`watch` on events, say) is logged with the rule to add and shown on
/// the monitor page instead of the Events.
public struct MonitorEventCaches: Sendable {
    public struct Entry: Sendable {
        public let cache: MonitorEventCache
        public let health: WatchHealth<ContinuousClock>
    }

    /// Keyed by namespace; the key `nil` is the cluster-wide cache.
    public let entries: [String?: Entry]

    /// What a 403 on the Events adds to the generic hint.
    public static let forbiddenHint =
        "the dashboard's Recent Events need the rule {apiGroups: [\"events.k8s.io\"], resources: [\"events\"],"
        + " verbs: [\"list\", \"watch\"]} (and the same for the core group \"\" where events.k8s.io is not served);"
        + " reconciles do not need it"

    /// - Parameters:
    ///   - namespaces: watched namespaces; empty means all.
    ///   - onFault: told of every failed list or watch (the watch-error metric).
    public init(
        namespaces: [String], limits: MonitorEventCache.Limits = .standard, logger: Logger,
        onFault: @escaping @Sendable (WatchTarget, WatchFault) -> Void = { _, _ in }
    ) {
        func entry(_ namespace: String?) -> Entry {
            let target = WatchTarget(
                resource: EventsV1.Event.resource, namespace: namespace, forbiddenHint: Self.forbiddenHint)
            return Entry(
                cache: MonitorEventCache(limits: limits),
                health: WatchHealth(target: target, clock: ContinuousClock(), logger: logger, onFault: onFault))
        }
        var entries: [String?: Entry] = [:]
        if namespaces.isEmpty {
            entries[nil] = entry(nil)
        } else {
            for namespace in namespaces { entries[namespace] = entry(namespace) }
        }
        self.entries = entries
    }

    func entry(for namespace: String) -> Entry? { entries[nil] ?? entries[namespace] }

    /// The recent Events of `monitor`, newest first: only those regarding its UID.
    public func recent(for monitor: CronMonitor) -> RecentMonitorEvents {
        guard let entry = entry(for: monitor.key.namespace) else {
            return RecentMonitorEvents(events: [], unavailable: "the namespace is not watched")
        }
        let events = monitor.metadata.uid.map { entry.cache.events(regarding: $0) } ?? []
        let unavailable: String? =
            switch (entry.cache.isSynced, entry.health.lastFault) {
            case (_, let fault?) where fault.code == "403" || fault.code == "401": "\(fault.error): \(fault.hint)"
            case (false, let fault?): "\(fault.error): \(fault.hint)"
            case (false, nil): "the Events have not been listed yet"
            case (true, _): nil
            }
        return RecentMonitorEvents(events: events, unavailable: unavailable)
    }

    /// Changes whenever `monitor`'s recent Events change (for the live feed).
    public func revision(for monitor: CronMonitor) -> UInt64 {
        guard let uid = monitor.metadata.uid, let entry = entry(for: monitor.key.namespace) else { return 0 }
        return entry.cache.revision(of: uid)
    }

    /// How many Events are kept in all.
    public var count: Int { entries.values.reduce(0) { $0 + $1.cache.count } }
}

/// A monitor's Events as the cache has them, and why they may be missing.
public struct RecentMonitorEvents: Sendable, Equatable {
    public var events: [MonitorEvent]
    /// Why the Events cannot be shown (or may be stale), e.g. a 403 with the RBAC rule to add.
    public var unavailable: String?

    public init(events: [MonitorEvent], unavailable: String?) {
        self.events = events
        self.unavailable = unavailable
    }
}
