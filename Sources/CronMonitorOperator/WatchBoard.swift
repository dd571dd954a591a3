import CronMonitorAPI
import KubernetesModel
import CronMonitorController
import KubernetesRuntime
import Logging

/// The health of every watcher that fills the caches: one `WatchHealth` per resource and
/// namespace, for the warnings, the watch-error metric and `/readyz`.
public struct WatchBoard: Sendable {
    struct Entry: Sendable {
        let health: WatchHealth<ContinuousClock>
        let isSynced: @Sendable () -> Bool
    }

    private let entries: [Entry]

    /// What to do when the API server does not serve CronMonitors.
    public static let crdHint =
        "the CronMonitor CRD is not installed: kubectl apply -f config/crd/bases/cronmonitor.io_cronmonitors.yaml"
        + " (or kubectl apply -k config/crd)"

    init(caches: Caches, logger: Logger, onFault: @escaping @Sendable (WatchTarget, WatchFault) -> Void) {
        var entries: [Entry] = []
        func add<Value: CacheProjection>(
            _ stores: NamespacedStores<Value>, _ resource: ResourceDescriptor, hint: String? = nil,
            labelSelector: String? = nil
        ) {
            for (namespace, store) in stores.stores.sorted(by: { ($0.key ?? "") < ($1.key ?? "") }) {
                let target = WatchTarget(
                    resource: resource, namespace: namespace, notFoundHint: hint, labelSelector: labelSelector)
                entries.append(
                    Entry(
                        health: WatchHealth(target: target, clock: ContinuousClock(), logger: logger, onFault: onFault),
                        isSynced: { store.isSynced }))
            }
        }
        add(caches.monitors, CronMonitor.resource, hint: Self.crdHint)
        add(caches.jobs, BatchV1.Job.resource)
        add(caches.cronJobs, BatchV1.CronJob.resource)
        add(caches.pods, CoreV1.Pod.resource, labelSelector: Caches.podSelector)
        add(caches.legacyPods, CoreV1.Pod.resource, labelSelector: Caches.legacyPodSelector)
        self.entries = entries
    }

    /// The watcher hooks of one resource in one namespace (`nil`: all), with one label selector.
    func report(for resource: ResourceDescriptor, namespace: String?, labelSelector: String? = nil) -> WatcherReport {
        entries.first {
            $0.health.target.resource == resource && $0.health.target.namespace == namespace
                && $0.health.target.labelSelector == labelSelector
        }?
        .health.report ?? WatcherReport()
    }

    /// Every watched resource and namespace, with the hooks its watcher reports through.
    var targets: [(target: WatchTarget, report: WatcherReport)] {
        entries.map { ($0.health.target, $0.health.report) }
    }

    /// Which caches have synced and, for those that have not, why.
    public var readiness: ReadinessReport {
        var ready = true
        var lines: [String] = []
        for entry in entries {
            let synced = entry.isSynced()
            ready = ready && synced
            lines.append(
                ReadinessReport.line(target: entry.health.target, isSynced: synced, lastFault: entry.health.lastFault))
        }
        return ReadinessReport(isReady: ready, lines: lines)
    }
}
