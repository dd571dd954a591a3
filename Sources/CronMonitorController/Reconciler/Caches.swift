import CronMonitorAPI
import KubernetesModel
import KubernetesRuntime

extension CronMonitor: CacheProjection {
    public var key: ObjectKey { ObjectKey(namespace: metadata.namespace ?? "", name: metadata.name ?? "") }
}

/// The three caches the reconciler reads, one `Store` per watched namespace (or one for all):
/// a relist of one namespace must never empty another's objects.
public struct Caches: Sendable {
    public let monitors: NamespacedStores<CronMonitor>
    public let jobs: NamespacedStores<JobProjection>
    public let cronJobs: NamespacedStores<CronJobProjection>

    /// - Parameter namespaces: watched namespaces; empty means all (one cluster-wide store).
    public init(namespaces: [String]) {
        monitors = NamespacedStores(namespaces: namespaces, indexers: [
            Self.byCronJob: { monitor in monitor.spec.cronJobName.map { ["\(monitor.key.namespace)/\($0)"] } ?? [] },
            Self.byNamespace: { [$0.key.namespace] },
        ])
        jobs = NamespacedStores(namespaces: namespaces, indexers: [
            Self.byNamespace: { [$0.key.namespace] },
            Self.byCronJob: { job in job.cronJobOwner.map { ["\(job.key.namespace)/\($0.name)"] } ?? [] },
        ])
        cronJobs = NamespacedStores(namespaces: namespaces, indexers: [:])
    }

    static let byCronJob = "cronJob"
    static let byNamespace = "namespace"

    public var isSynced: Bool { monitors.isSynced && jobs.isSynced && cronJobs.isSynced }

    /// Returns once every cache has synced, or at once when the task is cancelled.
    public func waitUntilSynced() async {
        await monitors.waitUntilSynced()
        await jobs.waitUntilSynced()
        await cronJobs.waitUntilSynced()
    }

    /// The monitors a Job's change concerns: those naming its CronJob, and selector monitors of
    /// its namespace whose selector matches it.
    public func monitors(concerning job: JobProjection) -> [ObjectKey] {
        var keys: [ObjectKey] = []
        if let owner = job.cronJobOwner {
            keys += monitors.byIndex(Self.byCronJob, "\(job.key.namespace)/\(owner.name)").map(\.key)
        }
        for monitor in monitors.byIndex(Self.byNamespace, job.key.namespace) {
            if let selector = monitor.spec.jobSelector, selector.matches(labels: job.labels) {
                keys.append(monitor.key)
            }
        }
        return keys
    }

    /// The Jobs a monitor may target (the planner filters them exactly).
    func candidateJobs(for monitor: CronMonitor) -> [JobProjection] {
        let namespace = monitor.key.namespace
        if let name = monitor.spec.cronJobName, monitor.spec.jobSelector == nil {
            return jobs.byIndex(Self.byCronJob, "\(namespace)/\(name)")
        }
        return jobs.byIndex(Self.byNamespace, namespace)
    }

    public func monitors(concerning cronJob: CronJobProjection) -> [ObjectKey] {
        monitors.byIndex(Self.byCronJob, "\(cronJob.key.namespace)/\(cronJob.key.name)").map(\.key)
    }
}

/// One store per namespace (or a single cluster-wide one), read as one.
public struct NamespacedStores<Value: CacheProjection>: Sendable {
    /// Keyed by namespace; the key `nil` is the cluster-wide store.
    public let stores: [String?: Store<Value>]

    init(namespaces: [String], indexers: [String: Store<Value>.Indexer]) {
        if namespaces.isEmpty {
            stores = [nil: Store(indexers: indexers)]
        } else {
            var stores: [String?: Store<Value>] = [:]
            for namespace in namespaces { stores[namespace] = Store(indexers: indexers) }
            self.stores = stores
        }
    }

    func store(for namespace: String) -> Store<Value>? { stores[nil] ?? stores[namespace] }

    public func get(_ key: ObjectKey) -> Value? { store(for: key.namespace)?.get(key) }

    func byIndex(_ index: String, _ value: String) -> [Value] {
        stores.values.flatMap { $0.byIndex(index, value) }
    }

    public var isSynced: Bool { stores.values.allSatisfy(\.isSynced) }

    func waitUntilSynced() async {
        for store in stores.values { await store.waitUntilSynced() }
    }

    public var count: Int { stores.values.reduce(0) { $0 + $1.count } }
}
