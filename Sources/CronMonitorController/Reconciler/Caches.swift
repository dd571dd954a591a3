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
    /// The Pods of Jobs: those with the Job controller's current label, and (a second watch)
    /// those with only its older `controller-uid` label. Optional to the operator's work: runs
    /// are judged `Pending` only while both have synced.
    public let pods: NamespacedStores<PodProjection>
    public let legacyPods: NamespacedStores<PodProjection>

    /// The label selectors of the two Pod watches: disjoint, together every Pod of a Job.
    public static let podSelector = PodProjection.controllerUIDLabel
    public static let legacyPodSelector = "\(PodProjection.legacyControllerUIDLabel),!\(PodProjection.controllerUIDLabel)"

    /// - Parameter namespaces: watched namespaces; empty means all (one cluster-wide store).
    public init(namespaces: [String]) {
        monitors = NamespacedStores(namespaces: namespaces, indexers: [
            Self.byCronJob: { monitor in monitor.spec.cronJobName.map { ["\(monitor.key.namespace)/\($0)"] } ?? [] },
            Self.bySelectedLabel: { monitor in
                monitor.spec.jobSelector.map { Self.selectedLabels(of: $0, namespace: monitor.key.namespace) } ?? []
            },
        ])
        jobs = NamespacedStores(namespaces: namespaces, indexers: [
            Self.byNamespace: { [CompactString($0.key.namespace)] },
            Self.byCronJob: { job in job.cronJobOwner.map { ["\(job.key.namespace)/\($0.name)"] } ?? [] },
            Self.byLabel: { job in
                job.labels.compactMap { key, value in
                    Self.uniqueJobLabels.contains(key) ? nil : Self.labelIndexValue(job.key.namespace, key, value)
                }
            },
        ])
        cronJobs = NamespacedStores(namespaces: namespaces, indexers: [:])
        pods = NamespacedStores(namespaces: namespaces, indexers: Self.podIndexers)
        legacyPods = NamespacedStores(namespaces: namespaces, indexers: Self.podIndexers)
    }

    /// What the monitors cache keeps of a CronMonitor: all but its annotations, which the
    /// operator never reads and which can be large (`kubectl apply` keeps a copy of the whole
    /// manifest in one). The operator writes only the status subresource, so nothing it writes
    /// is built from the dropped part. The status is kept compacted, equal (`compacted(cachedJob:)`).
    public static func cached(
        _ monitor: CronMonitor, cachedJob: (String) -> (name: String, uid: String)? = { _ in nil }
    ) -> CronMonitor {
        var monitor = monitor
        monitor.metadata.annotations = nil
        monitor.status = monitor.status?.compacted(cachedJob: cachedJob)
        return monitor
    }

    /// `cached(_:)`, the Job names and UIDs of the runs sharing the strings of the Jobs cached
    /// (most runs' Jobs are: a history of 10 runs would otherwise hold 1.4 KB of copies).
    public func monitorAsCached(_ monitor: CronMonitor) -> CronMonitor {
        let namespace = monitor.metadata.namespace ?? ""
        return Self.cached(monitor) { name in
            jobs.get(ObjectKey(namespace: namespace, name: name)).map { (name: $0.key.name, uid: $0.uid) }
        }
    }

    /// Pods by their Job's UID.
    static let byJob = "job"

    /// The indexes of the Pod caches (also what `cronmonitor-bench pod-memory` measures).
    public static let podIndexers: [String: Store<PodProjection>.Indexer] = [
        byJob: { pod in pod.compactJobUID.isEmpty ? [] : [pod.compactJobUID] }
    ]

    static let byCronJob = "cronJob"
    static let byNamespace = "namespace"
    /// Jobs by each label pair (`namespace/key=value`), but the ones unique to a Job.
    static let byLabel = "label"
    /// Selector monitors by each label pair a matching Job must carry one of (`namespace/key=value`),
    /// or `namespace/*` when no pair can be named (only NotIn, Exists, DoesNotExist, or labels
    /// unique to a Job).
    static let bySelectedLabel = "selectedLabel"

    /// Labels the Job controller sets to one Job's own name or UID: an index entry each would
    /// cost memory for nothing (no monitor selects one Job).
    static let uniqueJobLabels: Set<String> = [
        "controller-uid", "job-name", "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name",
    ]

    static func labelIndexValue(_ namespace: String, _ key: String, _ value: String) -> CompactString {
        "\(namespace)/\(key)=\(value)"
    }

    /// The label pairs one of which every Job matching `selector` carries: the smallest such set
    /// among the selector's requirements (a matchLabels pair, or an `In` requirement's values);
    /// nil when no requirement names one.
    static func requiredLabelChoices(of selector: LabelSelector) -> [[(key: String, value: String)]] {
        var choices: [[(key: String, value: String)]] = []
        for (key, value) in selector.matchLabels ?? [:] where !uniqueJobLabels.contains(key) {
            choices.append([(key, value)])
        }
        for requirement in selector.matchExpressions ?? []
        where requirement.operator == .in && !uniqueJobLabels.contains(requirement.key) {
            choices.append((requirement.values ?? []).map { (requirement.key, $0) })
        }
        return choices
    }

    static func selectedLabels(of selector: LabelSelector, namespace: String) -> [CompactString] {
        let pairs = requiredLabelChoices(of: selector).flatMap { $0 }
        guard !pairs.isEmpty else { return ["\(namespace)/*"] }
        return pairs.map { labelIndexValue(namespace, $0.key, $0.value) }
    }

    /// The caches the operator cannot work without have synced (Pods are not among them).
    public var isSynced: Bool { monitors.isSynced && jobs.isSynced && cronJobs.isSynced }

    public var podsSynced: Bool { pods.isSynced && legacyPods.isSynced }

    /// Returns once both Pod caches have synced (never, while the Pods cannot be listed), or at
    /// once when the waiting task is cancelled.
    public func waitUntilPodsSynced() async {
        await pods.waitUntilSynced()
        await legacyPods.waitUntilSynced()
    }

    /// The monitors of every unfinished Job: those whose runs a reconcile may have judged
    /// without their Pods (before the Pod caches synced), to be judged again once they have.
    public func monitorsOfUnfinishedJobs() -> [ObjectKey] {
        var keys: Set<ObjectKey> = []
        for store in jobs.stores.values {
            for job in store.list() where job.isActive {
                keys.formUnion(monitors(concerning: job))
            }
        }
        return keys.sorted()
    }

    /// The Pods of `jobs` by Job UID, or nil while the Pod caches have not synced.
    public func pods(of jobs: [JobProjection]) -> [String: [PodProjection]]? {
        guard podsSynced else { return nil }
        var byJob: [String: [PodProjection]] = [:]
        for job in jobs {
            let uid = CompactString(job.uid)
            let found = pods.byIndex(Self.byJob, uid) + legacyPods.byIndex(Self.byJob, uid)
            let own = found.filter { $0.key.namespace == job.key.namespace }
            if !own.isEmpty { byJob[job.uid] = own }
        }
        return byJob
    }

    /// The monitors a Pod's change concerns: those of its Job.
    public func monitors(concerning pod: PodProjection) -> [ObjectKey] {
        let uid = pod.jobUID
        guard !uid.isEmpty, let job = jobs.get(ObjectKey(namespace: pod.key.namespace, name: pod.jobName)), job.uid == uid
        else { return [] }
        return monitors(concerning: job)
    }

    /// Returns once every cache has synced, or at once when the task is cancelled.
    public func waitUntilSynced() async {
        await monitors.waitUntilSynced()
        await jobs.waitUntilSynced()
        await cronJobs.waitUntilSynced()
    }

    /// The monitors a Job's change concerns: those naming its CronJob, and selector monitors of
    /// its namespace whose selector matches it. Found through indexes (never by scanning the
    /// namespace's monitors): a selector monitor is indexed under every label pair a matching
    /// Job must carry one of, so looking up the Job's own pairs finds each candidate.
    public func monitors(concerning job: JobProjection) -> [ObjectKey] {
        var keys: [ObjectKey] = []
        if let owner = job.cronJobOwner {
            keys += monitors.byIndex(Self.byCronJob, "\(job.key.namespace)/\(owner.name)").map(\.key)
        }
        var candidates = monitors.byIndex(Self.bySelectedLabel, "\(job.key.namespace)/*")
        for (key, value) in job.labels where !Self.uniqueJobLabels.contains(key) {
            candidates += monitors.byIndex(Self.bySelectedLabel, Self.labelIndexValue(job.key.namespace, key, value))
        }
        var seen: Set<ObjectKey> = []
        for monitor in candidates where seen.insert(monitor.key).inserted {
            if let selector = monitor.spec.jobSelector, selector.matches(labels: job.labels) {
                keys.append(monitor.key)
            }
        }
        return keys
    }

    /// The Jobs a monitor may target (the planner filters them exactly): its CronJob's, or for a
    /// selector, those carrying the label pairs of its most selective requirement.
    public func candidateJobs(for monitor: CronMonitor) -> [JobProjection] {
        let namespace = monitor.key.namespace
        guard let selector = monitor.spec.jobSelector else {
            guard let name = monitor.spec.cronJobName else { return [] }
            return jobs.byIndex(Self.byCronJob, "\(namespace)/\(name)")
        }
        let choices = Self.requiredLabelChoices(of: selector)
        guard !choices.isEmpty else { return jobs.byIndex(Self.byNamespace, CompactString(namespace)) }
        var smallest: [JobProjection]?
        for choice in choices {
            var found: [JobProjection] = []
            for pair in choice {
                found += jobs.byIndex(Self.byLabel, Self.labelIndexValue(namespace, pair.key, pair.value))
            }
            if smallest.map({ found.count < $0.count }) ?? true { smallest = found }
            if found.isEmpty { break }
        }
        return smallest ?? []
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

    func byIndex(_ index: String, _ value: CompactString) -> [Value] {
        stores.values.flatMap { $0.byIndex(index, value) }
    }

    public var isSynced: Bool { stores.values.allSatisfy(\.isSynced) }

    func waitUntilSynced() async {
        for store in stores.values { await store.waitUntilSynced() }
    }

    public var count: Int { stores.values.reduce(0) { $0 + $1.count } }
}
