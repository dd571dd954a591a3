import CronMonitorAPI
import Foundation
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import Logging

/// The composition root of the controller: watchers and caches for CronMonitors, Jobs and
/// CronJobs (all namespaces, or one set per listed namespace), the work queue and reconcilers,
/// the event recorder and, optionally, leader election.
///
/// Caches fill on every replica (a standby is warm when it takes over); only the leader
/// reconciles. Losing the lease stops all writes at once and ends `run()` with
/// `OperatorError.leadershipLost`; cancelling `run()` releases the lease.
public struct CronMonitorOperator: Sendable {
    public let client: KubernetesClient
    /// The client lists and watches go through: without request retries, because watchers back
    /// off on their own (retrying each failed request too would exceed 0.5 requests/s per
    /// watcher while the API server is down).
    public let watchClient: KubernetesClient
    /// The client the leader elector reads and writes the Lease through: without request retries
    /// (the elector bounds each request by half the renew deadline; retries would multiply that),
    /// and best with a rate limit of its own, so renewals never queue behind reconciles' writes.
    public let leaseClient: KubernetesClient
    public let options: OperatorOptions
    public let observer: OperatorObserver
    public let logger: Logger
    public let caches: Caches
    /// The health of each cache's watcher (warnings, watch-error metric, `/readyz`).
    public let watches: WatchBoard
    let now: @Sendable () -> Date

    public static let reportingController = "cronmonitor.io/operator"

    public init(
        client: KubernetesClient, watchClient: KubernetesClient? = nil, leaseClient: KubernetesClient? = nil,
        options: OperatorOptions, observer: OperatorObserver, logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.client = client
        self.watchClient = watchClient ?? client
        self.leaseClient = leaseClient ?? watchClient ?? client
        self.options = options
        self.observer = observer
        self.logger = logger
        self.caches = Caches(namespaces: options.namespaces)
        self.watches = WatchBoard(
            caches: caches, logger: logger,
            onFault: { target, fault in observer.watchError(target.resource.plural, fault.code) })
        self.now = now
    }

    /// Whether every cache has synced (drives `/readyz`).
    public var isReady: Bool { caches.isSynced }

    /// `/readyz`: which caches have synced and, for those that have not, the last fault.
    public var readiness: ReadinessReport { watches.readiness }

    /// Runs until cancelled (graceful shutdown: the lease is released) or leadership is lost
    /// (throws `OperatorError.leadershipLost`, so the process exits and restarts as a follower).
    public func run() async throws {
        let elector = options.leaderElect
            ? LeaderElector(
                client: leaseClient, namespace: options.leaderElectionNamespace, name: options.leaderElectionID,
                identity: options.identity, timing: options.leaseTiming, clock: ContinuousClock(),
                wallClock: now, logger: logger)
            : nil
        let leadership = elector?.leadership
        let recorder = EventRecorder(
            client: client, reportingController: Self.reportingController,
            reportingInstance: options.reportingInstance, logger: logger, now: now, onOutcome: observer.eventRecorded)
        let reconciler = CronMonitorReconciler(
            client: client, caches: caches, recorder: recorder, observer: observer, logger: logger, now: now,
            mayWrite: { leadership?.isLeading ?? true })
        let queue = WorkQueue<ObjectKey, ContinuousClock>(clock: ContinuousClock())
        let caches = self.caches
        let controller = Controller(
            reconciler: reconciler, queue: queue, maxConcurrentReconciles: options.maxConcurrentReconciles,
            waitForCaches: { await caches.waitUntilSynced() }, observer: observer.controller)

        try await withThrowingTaskGroup(of: Void.self) { group in
            addWatchers(to: &group, controller: controller)
            group.addTask { try await Self.every(.seconds(30)) { await recorder.flushSeries() } }
            let observer = self.observer
            group.addTask { try await Self.every(.seconds(2)) { observer.queueDepth(await queue.depth) } }
            if let elector {
                group.addTask {
                    do {
                        try await elector.run()
                    } catch {
                        throw OperatorError.leadershipLost
                    }
                }
                group.addTask {
                    // Followers keep their caches warm and wait for the lease.
                    guard await elector.leadership.waitUntilLeading() else {
                        try Task.checkCancellation()
                        throw OperatorError.leadershipLost
                    }
                    observer.leader(true)
                    try await Self.reconcile(with: controller, while: { leadership?.isLeading ?? false })
                }
            } else {
                group.addTask {
                    observer.leader(true)
                    await controller.run()
                }
            }
            defer { group.cancelAll() }
            // The first task to end or fail ends the operator.
            try await group.next()
        }
    }

    /// Runs the controller until leadership lapses; then reports the loss.
    private static func reconcile(
        with controller: Controller<CronMonitorReconciler, ContinuousClock>, while leading: @escaping @Sendable () -> Bool
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await controller.run() }
            group.addTask {
                while leading() { try await Task.sleep(for: .milliseconds(100)) }
                throw OperatorError.leadershipLost
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    private static func every(_ period: Duration, _ body: @Sendable () async -> Void) async throws {
        while true {
            try await Task.sleep(for: period)
            await body()
        }
    }

    private func addWatchers(
        to group: inout ThrowingTaskGroup<Void, any Error>, controller: Controller<CronMonitorReconciler, ContinuousClock>
    ) {
        let caches = self.caches
        let client = self.watchClient
        let logger = self.logger
        let watches = self.watches
        for (namespace, store) in caches.monitors.stores {
            let report = watches.report(for: CronMonitor.resource, namespace: namespace)
            let source = ClientWatchSource<CronMonitor, CronMonitor>(
                client: client, resource: CronMonitor.resource, namespace: namespace, project: { $0 },
                resourceVersion: { $0.metadata.resourceVersion }, logger: logger)
            group.addTask {
                await controller.pump(Watcher(source: source, clock: ContinuousClock(), report: report), into: store) { change in
                    switch change {
                    case .upserted(let old, let new): Self.needsReconcile(old: old, new: new) ? [new.key] : []
                    case .removed(let old): [old.key]
                    }
                }
            }
        }
        for (namespace, store) in caches.jobs.stores {
            let report = watches.report(for: BatchV1.Job.resource, namespace: namespace)
            let source = ClientWatchSource<BatchV1.Job, JobProjection>(
                client: client, resource: BatchV1.Job.resource, namespace: namespace, project: JobProjection.init,
                resourceVersion: { $0.metadata.resourceVersion }, logger: logger)
            group.addTask {
                await controller.pump(Watcher(source: source, clock: ContinuousClock(), report: report), into: store) { change in
                    switch change {
                    case .upserted(let old, let new):
                        Array(Set(caches.monitors(concerning: new) + (old.map(caches.monitors(concerning:)) ?? [])))
                    case .removed(let old): caches.monitors(concerning: old)
                    }
                }
            }
        }
        for (namespace, store) in caches.cronJobs.stores {
            let report = watches.report(for: BatchV1.CronJob.resource, namespace: namespace)
            let source = ClientWatchSource<BatchV1.CronJob, CronJobProjection>(
                client: client, resource: BatchV1.CronJob.resource, namespace: namespace,
                project: CronJobProjection.init, resourceVersion: { $0.metadata.resourceVersion }, logger: logger)
            group.addTask {
                await controller.pump(Watcher(source: source, clock: ContinuousClock(), report: report), into: store) { change in
                    switch change {
                    case .upserted(_, let new): caches.monitors(concerning: new)
                    case .removed(let old): caches.monitors(concerning: old)
                    }
                }
            }
        }
    }
}

extension CronMonitorOperator {
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

/// Why the operator stopped on its own.
public enum OperatorError: Error, Sendable, Equatable {
    /// This replica could not renew its lease in time: it stopped writing and must exit.
    case leadershipLost
}
