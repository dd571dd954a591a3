import CronMonitorController
import KubernetesRuntime
import Logging
import ServiceLifecycle

extension Operator {
    /// The watchers of the Events about CronMonitors, one per cache namespace (the dashboard's
    /// "Recent Events"). Runs on every replica, leader or not.
    func eventCacheService(_ events: MonitorEventCaches) -> EventCacheService<C> {
        let sources = events.entries.map { namespace, entry in
            (source: MonitorEventSource(client: watchClient, namespace: namespace, logger: logger), entry: entry)
        }
        return EventCacheService(sources: sources, events: events, clock: clock, logger: logger)
    }
}

/// Fills the Events caches until shutdown. Its faults are the watchers' (logged with the RBAC
/// rule to add, counted, shown on the monitor page); it never ends the operator and never
/// delays readiness.
struct EventCacheService<C: Clock & Sendable>: Service where C.Duration == Duration, C.Instant: Sendable {
    let sources: [(source: MonitorEventSource, entry: MonitorEventCaches.Entry)]
    let events: MonitorEventCaches
    let clock: C
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for (source, entry) in sources {
                    let watcher = Watcher(source: source, clock: clock, report: entry.health.report)
                    let logger = logger
                    let events = events
                    group.addTask {
                        var announced = false
                        do {
                            for try await event in watcher {
                                entry.cache.apply(event)
                                if !announced, entry.cache.isSynced {
                                    announced = true
                                    logger.info(
                                        "Events cache synced",
                                        metadata: [
                                            "k8s.namespace": "\(source.namespace ?? "")",
                                            "cronmonitor.events": "\(events.count)",
                                        ])
                                }
                            }
                        } catch {
                            // Only cancellation ends a watcher.
                        }
                    }
                }
                await group.waitForAll()
            }
        }
    }
}
