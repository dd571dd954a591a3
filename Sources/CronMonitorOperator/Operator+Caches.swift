import CronMonitorAPI
import CronMonitorController
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import Logging
import ServiceLifecycle

extension Operator {
    /// The watchers that fill the caches and map each change to the monitors it concerns.
    func cacheService(feeding controller: Controller<CronMonitorReconciler, C>) -> CacheService {
        let caches = self.caches
        var watches = WatchList(client: watchClient, clock: clock, board: self.watches, logger: logger, controller: controller)
        watches.watch(CronMonitor.self, into: caches.monitors, project: caches.monitorAsCached) { change in
            switch change {
            case .upserted(let old, let new): Self.needsReconcile(old: old, new: new) ? [new.key] : []
            case .removed(let old): [old.key]
            }
        }
        watches.watch(BatchV1.Job.self, into: caches.jobs, project: JobProjection.init) { change in
            switch change {
            case .upserted(let old, let new):
                Array(Set(caches.monitors(concerning: new) + (old.map(caches.monitors(concerning:)) ?? [])))
            case .removed(let old): caches.monitors(concerning: old)
            }
        }
        watches.watch(BatchV1.CronJob.self, into: caches.cronJobs, project: CronJobProjection.init) { change in
            switch change {
            case .upserted(_, let new): caches.monitors(concerning: new)
            case .removed(let old): caches.monitors(concerning: old)
            }
        }
        let podChange: @Sendable (StoreChange<PodProjection>) -> [ObjectKey] = { change in
            switch change {
            case .upserted(let old, let new):
                Array(Set(caches.monitors(concerning: new) + (old.map(caches.monitors(concerning:)) ?? [])))
            case .removed(let old): caches.monitors(concerning: old)
            }
        }
        watches.watch(
            CoreV1.Pod.self, into: caches.pods, labelSelector: Caches.podSelector, project: PodProjection.init,
            keys: podChange)
        watches.watch(
            CoreV1.Pod.self, into: caches.legacyPods, labelSelector: Caches.legacyPodSelector,
            project: PodProjection.init, keys: podChange)
        let check = StartupCheck(client: watchClient, options: options, board: self.watches, logger: logger)
        return CacheService(
            check: check, pumps: watches.pumps, caches: caches, logger: logger,
            judgeAgain: { keys in for key in keys { await controller.queue.add(key, lane: .initial) } })
    }

    /// Whether a monitor's change asks for a reconcile: it is new, its spec changed (a new
    /// generation), or its deletion began. A change of the status alone is, in all but rare cases,
    /// this operator's own write; reconciling it again would double the work of every change and
    /// let a monitor re-queue itself forever (controller-runtime's GenerationChangedPredicate).
    static func needsReconcile(old: CronMonitor?, new: CronMonitor) -> Bool {
        guard let old else { return true }
        return old.metadata.generation != new.metadata.generation || old.spec != new.spec
            || old.metadata.deletionTimestamp != new.metadata.deletionTimestamp
    }
}

/// Declares watches: one watcher per resource and cache namespace, each pumping into its store
/// and the controller's queue, reporting to the watch board.
struct WatchList<C: Clock & Sendable> where C.Duration == Duration, C.Instant: Sendable {
    let client: KubernetesClient
    let clock: C
    let board: WatchBoard
    let logger: Logger
    let controller: Controller<CronMonitorReconciler, C>
    private(set) var pumps: [@Sendable () async -> Void] = []

    init(client: KubernetesClient, clock: C, board: WatchBoard, logger: Logger, controller: Controller<CronMonitorReconciler, C>) {
        self.client = client
        self.clock = clock
        self.board = board
        self.logger = logger
        self.controller = controller
    }

    /// Watches `Resource` in every namespace of `stores`, keeping `project(object)` in the store.
    mutating func watch<Resource: KubernetesResource & Decodable, Value: CacheProjection>(
        _: Resource.Type, into stores: NamespacedStores<Value>, labelSelector: String? = nil,
        project: @escaping @Sendable (Resource) -> Value,
        keys: @escaping @Sendable (StoreChange<Value>) -> [ObjectKey]
    ) {
        for (namespace, store) in stores.stores {
            let source = ClientWatchSource<Resource, Value>(
                client: client, resource: Resource.resource, namespace: namespace, labelSelector: labelSelector,
                project: project, resourceVersion: { $0.metadata.resourceVersion }, logger: logger)
            add(source, into: store, keys: keys)
        }
    }

    /// As above, reading each projection straight from the bytes (`ProjectionReadable`).
    mutating func watch<Resource: KubernetesResource & Decodable, Value: CacheProjection & ProjectionReadable>(
        _: Resource.Type, into stores: NamespacedStores<Value>, labelSelector: String? = nil,
        project: @escaping @Sendable (Resource) -> Value,
        keys: @escaping @Sendable (StoreChange<Value>) -> [ObjectKey]
    ) {
        for (namespace, store) in stores.stores {
            let source = ClientWatchSource<Resource, Value>.readingBytes(
                client: client, resource: Resource.resource, namespace: namespace, labelSelector: labelSelector,
                project: project, resourceVersion: { $0.metadata.resourceVersion }, logger: logger)
            add(source, into: store, keys: keys)
        }
    }

    private mutating func add<Resource: KubernetesResource & Decodable, Value: CacheProjection>(
        _ source: ClientWatchSource<Resource, Value>, into store: Store<Value>,
        keys: @escaping @Sendable (StoreChange<Value>) -> [ObjectKey]
    ) {
        let report = board.report(for: Resource.resource, namespace: source.namespace, labelSelector: source.labelSelector)
        let watcher = Watcher(source: source, clock: clock, report: report)
        let controller = self.controller
        pumps.append { await controller.pump(watcher, into: store, keys: keys) }
    }
}

/// Checks the install, then runs the cache watchers until shutdown, and says once when every
/// cache has synced.
struct CacheService: Service {
    let check: StartupCheck
    let pumps: [@Sendable () async -> Void]
    let caches: Caches
    let logger: Logger
    /// Queues monitors for a reconcile.
    let judgeAgain: @Sendable ([ObjectKey]) async -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await check.run()
            await withTaskGroup(of: Void.self) { group in
                for pump in pumps {
                    group.addTask { await pump() }
                }
                group.addTask {
                    await caches.waitUntilSynced()
                    guard !Task.isCancelled else { return }
                    logger.info(
                        "Caches synced",
                        metadata: [
                            "cronmonitor.monitors": "\(caches.monitors.count)", "cronmonitor.jobs": "\(caches.jobs.count)",
                            "cronmonitor.cronjobs": "\(caches.cronJobs.count)",
                            "cronmonitor.pods": "\(caches.pods.count + caches.legacyPods.count)",
                        ])
                    // The lists' pages are garbage now, scattered among the cached objects.
                    FreedPages.release()
                    await releaseFreedPagesPeriodically()
                }
                group.addTask {
                    // Reconciles start without the Pods (they may not be listable: run insight is
                    // optional). A run judged then, with no Pod event to come (a Job that created
                    // none), would keep that judgement: judge the unfinished runs again.
                    await caches.waitUntilSynced()
                    await caches.waitUntilPodsSynced()
                    guard !Task.isCancelled else { return }
                    await judgeAgain(caches.monitorsOfUnfinishedJobs())
                }
                await group.waitForAll()
            }
        }
    }

    /// Relists (a watch that expired, a reconnect) and the steady churn of watch events and
    /// status writes leave freed pages behind as the initial list does: return them every
    /// `freedPagesInterval` until shutdown.
    private func releaseFreedPagesPeriodically() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: Self.freedPagesInterval)
            } catch {
                return
            }
            FreedPages.release()
        }
    }

    static let freedPagesInterval = Duration.seconds(300)
}
