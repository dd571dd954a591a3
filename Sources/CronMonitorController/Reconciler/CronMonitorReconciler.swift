import CronMonitorAPI
import Foundation
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import Logging

/// Applies the planner's plans to the cluster, in the order that keeps alerts exactly-once and
/// loses nothing:
///
/// 1. delete the Jobs retention gives up (their runs are already in the status);
/// 2. write the Events of the alerts the plan decided (and of those still pending), each under a
///    name derived from its incident, then plan again, the same way, recording the delivered ones
///    as alerted;
/// 3. write the status: one merge patch, none when nothing changed; on a conflict, re-read the
///    monitor and plan again. It holds each new judgement, its alert recorded when the Event was
///    written, else pending in `status.pendingAlerts`;
/// 4. end stuck or overlapping Jobs (`spec.activeDeadlineSeconds`), after the Warning that says
///    why;
/// 5. emit the notices (`Recovered`, `JobsPurged`, ...) the written status motivates.
///
/// A change costs one status PATCH. A crash between 2 and 3 loses nothing and duplicates nothing:
/// the next reconcile judges the same incident and writing its Event again finds it there
/// (409 AlreadyExists counts as written). An Event that cannot be written stays pending and is
/// retried on a backoff of its own.
public struct CronMonitorReconciler: Reconciler {
    public typealias Key = ObjectKey

    let client: KubernetesClient
    let caches: Caches
    let statusWriter: StatusWriter
    let recorder: EventRecorder
    let deliveries: AlertDeliveries
    let observer: OperatorObserver
    let logger: Logger
    let now: @Sendable () -> Date
    /// False once leadership is lost: nothing more is written.
    let mayWrite: @Sendable () -> Bool

    public init(
        client: KubernetesClient, caches: Caches, recorder: EventRecorder, observer: OperatorObserver,
        logger: Logger, deliveries: AlertDeliveries = AlertDeliveries(), now: @escaping @Sendable () -> Date = { Date() },
        mayWrite: @escaping @Sendable () -> Bool = { true }
    ) {
        self.client = client
        self.caches = caches
        self.statusWriter = StatusWriter(client: client, resource: CronMonitor.resource)
        self.recorder = recorder
        self.deliveries = deliveries
        self.observer = observer
        self.logger = logger
        self.now = now
        self.mayWrite = mayWrite
    }

    static let conflictRetries = 3

    /// Reconciles `key`. A reconcile that has started runs to its end even if the operator is
    /// shutting down (cancellation is not passed into it), so a status write is always followed
    /// by the Events it holds; shutdown waits for in-flight reconciles.
    public func reconcile(_ key: ObjectKey) async throws -> ReconcileAction {
        try await Task { try await reconcileUninterrupted(key) }.value
    }

    private func reconcileUninterrupted(_ key: ObjectKey) async throws -> ReconcileAction {
        guard var monitor = caches.monitors.get(key) else {
            observer.monitorDeleted(key.namespace, key.name)
            deliveries.forget(key)
            return .awaitChange
        }
        guard monitor.metadata.deletionTimestamp == nil else { return .awaitChange }
        let uid = monitor.metadata.uid ?? ""
        var effects = Effects()
        for conflict in 0...Self.conflictRetries {
            let cronJob = monitor.spec.cronJobName.flatMap {
                caches.cronJobs.get(ObjectKey(namespace: key.namespace, name: $0))
            }
            let targets = Planner.targets(of: monitor, cronJob: cronJob, among: caches.candidateJobs(for: monitor))
            let now = now()
            let pods = caches.pods(of: targets)
            let plan = { (delivered: Set<String>) in
                Planner.plan(
                    PlanInput(monitor: monitor, jobs: targets, cronJob: cronJob, now: now, delivered: delivered, pods: pods))
            }
            var delivered = deliveries.delivered(key, uid: uid, now: now)
            var planned = plan(delivered)
            guard mayWrite() else { throw ReconcileError.notLeading }
            effects.purged += await delete(planned.jobsToDelete.filter { !effects.deleted.contains($0.uid) }, namespace: key.namespace)
            effects.deleted.formUnion(planned.jobsToDelete.map(\.uid))
            let alerts = planned.events.filter { $0.incident != nil }
            var retryAt: Date?
            if !alerts.isEmpty {
                retryAt = deliveries.retryAt(key, uid: uid, now: now)
                if retryAt == nil {
                    let round = await deliver(alerts, about: monitor)
                    retryAt = deliveries.attempted(key, uid: uid, delivered: round.delivered, failed: round.failed, now: now)
                    if !round.delivered.isEmpty {
                        delivered.formUnion(round.delivered)
                        planned = plan(delivered)
                    }
                }
            }
            planned = planned.recordingPurge(of: effects.purged)
            switch try await writeStatus(of: monitor, planned.status, key: key) {
            case .unchanged:
                break
            case .written(let written, let pendingAlertsKept):
                if planned.status.pendingAlerts != nil, !pendingAlertsKept, deliveries.firstPrunedWrite() {
                    logger.error(
                        "the installed CronMonitor CRD is older than this operator: the API server drops status.pendingAlerts, so alerts that wait for their Events are lost; apply config/crd/bases/cronmonitor.io_cronmonitors.yaml (helm upgrade does not update CRDs)",
                        metadata: ["k8s.namespace": "\(key.namespace)", "k8s.name": "\(key.name)"])
                }
                monitor = written
            case .conflicted(let fresh):
                // The monitor changed since it was cached (perhaps by our own earlier write):
                // plan again from the fresh object; what was delivered is recorded then.
                logger.debug(
                    "status write conflicted; planning again from the fresh monitor",
                    metadata: ["k8s.namespace": "\(key.namespace)", "k8s.name": "\(key.name)", "reconcile.attempt": "\(conflict)"])
                monitor = fresh
                continue
            }
            await end(planned.jobsToEnd.filter { effects.ended.insert($0.job.uid).inserted }, namespace: key.namespace)
            reportGivenUp(planned.givenUpAlerts, of: monitor)
            await emit(planned.events.filter { $0.incident == nil }, about: monitor)
            observer.monitorStatus(key.namespace, key.name, planned.status)
            return Self.action(requeueAfter: planned.requeueAfter, retryAt: retryAt.map { max(0, $0.timeIntervalSince(now)) })
        }
        throw ReconcileError.conflictsPersisted
    }

    /// What one reconcile has done so far, across its passes.
    private struct Effects {
        /// Jobs deleted, whose purge the status counts.
        var purged: [JobReference] = []
        /// UIDs of Jobs deleted or ended: a later pass (from a cache that has not seen the change
        /// yet) does not act on them again.
        var deleted: Set<String> = []
        var ended: Set<String> = []
    }

    /// How a status write ended.
    private enum StatusWrite {
        case unchanged
        /// The monitor as written; whether the server kept `status.pendingAlerts` (a CRD older
        /// than the operator prunes it).
        case written(CronMonitor, pendingAlertsKept: Bool)
        case conflicted(fresh: CronMonitor)
    }

    /// Writes `status` over `monitor`'s when they differ: the merge patch of the change, guarded
    /// by the monitor's resourceVersion.
    private func writeStatus(of monitor: CronMonitor, _ status: CronMonitorStatus, key: ObjectKey) async throws
        -> StatusWrite
    {
        // Most reconciles change nothing: one `==` and no encoding.
        guard status != monitor.status, let statusPatch = try status.mergePatch(from: monitor.status) else {
            return .unchanged
        }
        switch try await statusWriter.write(
            namespace: key.namespace, name: key.name, resourceVersion: monitor.metadata.resourceVersion ?? "",
            statusPatch: statusPatch)
        {
        case .written(let written):
            // The written object is this monitor with this status: no need to decode it.
            var monitor = monitor
            monitor.status = status
            monitor.metadata.resourceVersion = written["metadata"]?["resourceVersion"]?.stringValue
            return .written(monitor, pendingAlertsKept: written["status"]?["pendingAlerts"] != nil)
        case .conflicted(let fresh):
            return .conflicted(fresh: try fresh.decoded(as: CronMonitor.self))
        }
    }

    /// Look again when the plan asks, or when undelivered alerts may be retried, whichever is
    /// sooner.
    static func action(requeueAfter: TimeInterval?, retryAt: TimeInterval?) -> ReconcileAction {
        let delays = [requeueAfter, retryAt].compactMap { $0 }
        guard let delay = delays.min() else { return .awaitChange }
        return .requeue(after: .milliseconds(Int64((delay * 1000).rounded(.up))))
    }

    public func errorPolicy(_ key: ObjectKey, error: any Error) -> ReconcileAction {
        logger.warning(
            "reconcile failed", metadata: ["k8s.namespace": "\(key.namespace)", "k8s.name": "\(key.name)", "error": "\(error)"])
        return .requeueWithBackoff
    }

    /// Deletes finished Jobs (background propagation, guarded by UID). A Job that is already gone
    /// or was replaced is skipped; a failed delete is logged and retried by a later pass.
    private func delete(_ jobs: [JobReference], namespace: String) async -> [JobReference] {
        var deleted: [JobReference] = []
        for job in jobs {
            let options = DeleteOptions(
                propagationPolicy: .background, preconditions: DeleteOptions.Preconditions(uid: job.uid))
            do {
                try await client.delete(BatchV1.Job.self, name: job.name, namespace: namespace, options: options)
                deleted.append(job)
            } catch .notFound, .conflict {
                continue
            } catch {
                logger.warning(
                    "could not delete a Job", metadata: ["k8s.namespace": "\(namespace)", "k8s.job": "\(job.name)", "error": "\(error)"])
            }
        }
        return deleted
    }

    /// Ends Jobs natively; the next pass plans it again if this fails.
    private func end(_ terminations: [JobTermination], namespace: String) async {
        for termination in terminations {
            let patch = Patch.merge(["spec": ["activeDeadlineSeconds": .int(termination.activeDeadlineSeconds)]])
            do {
                _ = try await client.patch(
                    BatchV1.Job.self, name: termination.job.name, namespace: namespace, patch: patch)
            } catch {
                logger.warning(
                    "could not end a Job",
                    metadata: ["k8s.namespace": "\(namespace)", "k8s.job": "\(termination.job.name)", "error": "\(error)"])
            }
        }
    }
}

/// Why a reconcile gave up (it is retried with backoff).
public enum ReconcileError: Error, Sendable, Equatable {
    /// This replica no longer holds the lease.
    case notLeading
    /// The monitor kept changing under every status write.
    case conflictsPersisted
}

extension EventReason {
    /// The Event's `action`: what the operator did or found.
    var action: String {
        switch self {
        case .runFailed, .runStuck, .runTooShort, .runNotStarted, .scheduleMissed, .overlappingRuns, .duplicateRun, .recovered: "Judge"
        case .invalidSpec, .cronJobNotFound: "Resolve"
        case .runTerminated: "Terminate"
        case .jobsPurged: "Purge"
        }
    }
}

extension JSONValue {
    /// Any encodable value as a JSON value (for merge-patch computation).
    static func encoding(_ value: some Encodable) throws -> JSONValue {
        try JSONParser.parse(JSONEncoder().encode(value))
    }

    /// This value decoded as `T`.
    func decoded<T: Decodable>(as _: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(self))
    }
}
