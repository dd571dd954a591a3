import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import Logging
import OperatorServices
import ServiceLifecycle
import UnixSignals

/// The composition root: the whole operator as a swift-service-lifecycle `ServiceGroup` (the
/// role of controller-runtime's manager). Its services start in this order and shut down
/// gracefully in the reverse one:
///
/// 1. the HTTP endpoints (`/healthz`, `/readyz`, `/metrics`, and the dashboard when enabled): up
///    first, down last;
/// 2. the caches: a watcher per resource and namespace, filled on every replica, so a standby is
///    warm when it takes over (and, for the dashboard, the Events about CronMonitors);
/// 3. leader election (with `--leader-elect`): releases the Lease after the reconcilers stopped;
/// 4. the event recorder's series flush: a last flush after the reconcilers stopped;
/// 5. the queue-depth sampler;
/// 6. the reconcilers: wait for the lease, then reconcile until shutdown; in-flight reconciles
///    finish (a status write is always followed by the Events it records);
/// 7. the shutdown deadline: a shutdown that does not finish within `shutdownDeadline` ends
///    the process anyway.
///
/// Losing the lease has one path: the elector throws `OperatorError.leadershipLost`, the group
/// shuts down and `run()` rethrows it (the executable exits non-zero and restarts as a
/// follower). The reconciler stops writing at once, before that: it checks the lease's
/// validity before every write.
public struct Operator<C: Clock & Sendable>: Sendable where C.Duration == Duration, C.Instant: Sendable {
    /// Writes and reads (retried by the transport below it).
    public let client: KubernetesClient
    /// Lists and watches: without request retries (watchers back off on their own).
    public let watchClient: KubernetesClient
    /// The Lease: without request retries (the elector bounds each request by renewDeadline/2).
    public let leaseClient: KubernetesClient
    public let options: OperatorOptions
    public let observer: OperatorObserver
    public let logger: Logger
    public let caches: Caches
    /// The health of each cache's watcher (warnings, watch-error metric, `/readyz`).
    public let watches: WatchBoard
    /// The Events about CronMonitors, for the dashboard (`options.cachesEvents`); never gates
    /// readiness.
    public let events: MonitorEventCaches?
    let clock: C
    let now: @Sendable () -> Date

    public static var reportingController: String { "cronmonitor.io/operator" }

    /// - Parameters:
    ///   - clock: drives watcher backoff, the work queue, leader election and the periodic services.
    ///   - now: the wall clock (timestamps in status and Events).
    public init(
        client: KubernetesClient, watchClient: KubernetesClient? = nil, leaseClient: KubernetesClient? = nil,
        options: OperatorOptions, observer: OperatorObserver, logger: Logger, clock: C,
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
        self.events =
            options.cachesEvents
            ? MonitorEventCaches(
                namespaces: options.namespaces, logger: logger,
                onFault: { target, fault in observer.watchError(target.resource.plural, fault.code) })
            : nil
        self.clock = clock
        self.now = now
    }

    /// Whether every cache has synced.
    public var isReady: Bool { caches.isSynced && caches.podsSynced }

    /// `/readyz`: which caches have synced and, for those that have not, the last fault.
    public var readiness: ReadinessReport { watches.readiness }

    /// The services in start order (graceful shutdown runs in reverse).
    /// - Parameters:
    ///   - http: the probe and metrics endpoints, if any.
    ///   - dashboard: the dashboard's server, if enabled (it reads `caches`; every replica serves it).
    ///   - shutdownDeadline: the longest a graceful shutdown may take before the process is ended
    ///     by `onDeadline` (nil: no deadline, as in tests that cancel instead).
    public func services(
        http: ProbeServer? = nil, dashboard: (any Service)? = nil, shutdownDeadline: ShutdownDeadline<C>? = nil
    ) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let elector = options.leaderElect
            ? LeaderElector(
                client: leaseClient, namespace: options.leaderElectionNamespace, name: options.leaderElectionID,
                identity: options.identity, timing: options.leaseTiming, clock: clock, wallClock: now, logger: logger)
            : nil
        let leadership = elector?.leadership
        let recorder = EventRecorder(
            client: client, reportingController: Self.reportingController,
            reportingInstance: options.reportingInstance, logger: logger, now: now, onOutcome: observer.eventRecorded)
        let reconciler = CronMonitorReconciler(
            client: client, caches: caches, recorder: recorder, observer: observer, logger: logger, now: now,
            mayWrite: { leadership?.isLeading ?? true })
        let queue = WorkQueue<ObjectKey, C>(clock: clock)
        let caches = self.caches
        let controller = Controller(
            reconciler: reconciler, queue: queue, maxConcurrentReconciles: options.maxConcurrentReconciles,
            waitForCaches: { await caches.waitUntilSynced() }, observer: observer.controller)
        let observer = self.observer

        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let http {
            // A listener that cannot bind stops the operator (graceful, so the deadline bounds it).
            // With both addresses 0 it has nothing to serve and returns at once: not a reason to stop.
            services.append(
                .init(
                    service: http, successTerminationBehavior: .ignore, failureTerminationBehavior: .gracefullyShutdownGroup,
                    serviceName: "http"))
        }
        if let dashboard {
            services.append(
                .init(service: dashboard, failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: "dashboard"))
        }
        services.append(.init(service: cacheService(feeding: controller), serviceName: "caches"))
        if let events {
            services.append(.init(service: eventCacheService(events), serviceName: "event-cache"))
        }
        if let elector {
            services.append(
                .init(
                    service: LeaderElectionService(elector: elector, observer: observer, logger: logger),
                    failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: "leader-election"))
        }
        services.append(
            .init(
                service: PeriodicService(every: .seconds(30), clock: clock, finally: true) { await recorder.flushSeries() },
                serviceName: "event-series-flush"))
        services.append(
            .init(
                service: PeriodicService(every: .seconds(2), clock: clock) { observer.queueDepth(await queue.depth) },
                serviceName: "queue-depth"))
        services.append(
            .init(
                service: ReconcileService(
                    controller: controller, waitUntilLeading: { await leadership?.waitUntilLeading() ?? true },
                    observer: observer, logger: logger),
                serviceName: "reconcilers"))
        if let shutdownDeadline {
            services.append(
                .init(service: shutdownDeadline, successTerminationBehavior: .ignore, serviceName: "shutdown-deadline"))
        }
        return services
    }

    /// Runs every service until the task is cancelled, a signal in `gracefulShutdownSignals`
    /// arrives, or a service fails (rethrown; `OperatorError.leadershipLost` when the lease was
    /// lost). Cancelling releases a held lease, as a graceful shutdown does.
    public func run(
        http: ProbeServer? = nil, dashboard: (any Service)? = nil, gracefulShutdownSignals: [UnixSignal] = [],
        shutdownDeadline: ShutdownDeadline<C>? = nil
    ) async throws {
        var configuration = ServiceGroupConfiguration(
            services: services(http: http, dashboard: dashboard, shutdownDeadline: shutdownDeadline),
            gracefulShutdownSignals: gracefulShutdownSignals, logger: logger)
        // ServiceLifecycle's own lifecycle messages stay at debug level; the operator logs its
        // own story at info.
        configuration.logging.keys.serviceKey = "operator.service"
        try await ServiceGroup(configuration: configuration).run()
    }
}

extension Operator where C == ContinuousClock {
    /// An operator on the system's continuous clock.
    public init(
        client: KubernetesClient, watchClient: KubernetesClient? = nil, leaseClient: KubernetesClient? = nil,
        options: OperatorOptions, observer: OperatorObserver, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.init(
            client: client, watchClient: watchClient, leaseClient: leaseClient, options: options, observer: observer,
            logger: logger, clock: ContinuousClock(), now: now)
    }
}

/// Why the operator stopped on its own.
public enum OperatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// This replica could not renew its lease in time: it stopped writing and must exit.
    case leadershipLost

    public var description: String {
        switch self {
        case .leadershipLost: "leadership lost: the Lease was not renewed before the renew deadline"
        }
    }
}
