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
/// 2. write the status: one merge patch, none when nothing changed; on a conflict, re-read the
///    monitor and plan again;
/// 3. end stuck or overlapping Jobs (`spec.activeDeadlineSeconds`);
/// 4. emit the Events the written status now records as alerted.
///
/// A crash between 2 and 4 loses at most those Events, never duplicates them: the next plan
/// finds them recorded.
public struct CronMonitorReconciler: Reconciler {
    public typealias Key = ObjectKey

    let client: KubernetesClient
    let caches: Caches
    let statusWriter: StatusWriter
    let recorder: EventRecorder
    let observer: OperatorObserver
    let logger: Logger
    let now: @Sendable () -> Date
    /// False once leadership is lost: nothing more is written.
    let mayWrite: @Sendable () -> Bool

    public init(
        client: KubernetesClient, caches: Caches, recorder: EventRecorder, observer: OperatorObserver,
        logger: Logger, now: @escaping @Sendable () -> Date = { Date() },
        mayWrite: @escaping @Sendable () -> Bool = { true }
    ) {
        self.client = client
        self.caches = caches
        self.statusWriter = StatusWriter(client: client, resource: CronMonitor.resource)
        self.recorder = recorder
        self.observer = observer
        self.logger = logger
        self.now = now
        self.mayWrite = mayWrite
    }

    static let conflictRetries = 3

    /// Reconciles `key`. A reconcile that has started runs to its end even if the operator is
    /// shutting down (cancellation is not passed into it), so a status write is always followed
    /// by the Events it records; shutdown waits for in-flight reconciles.
    public func reconcile(_ key: ObjectKey) async throws -> ReconcileAction {
        try await Task { try await reconcileUninterrupted(key) }.value
    }

    private func reconcileUninterrupted(_ key: ObjectKey) async throws -> ReconcileAction {
        guard var monitor = caches.monitors.get(key) else {
            observer.monitorDeleted(key.namespace, key.name)
            return .awaitChange
        }
        guard monitor.metadata.deletionTimestamp == nil else { return .awaitChange }
        var purged: [JobReference] = []
        for attempt in 0...Self.conflictRetries {
            let cronJob = monitor.spec.cronJobName.flatMap {
                caches.cronJobs.get(ObjectKey(namespace: key.namespace, name: $0))
            }
            let targets = Planner.targets(of: monitor, cronJob: cronJob, among: caches.candidateJobs(for: monitor))
            var plan = Planner.plan(PlanInput(monitor: monitor, jobs: targets, cronJob: cronJob, now: now()))
            guard mayWrite() else { throw ReconcileError.notLeading }
            purged += await delete(plan.jobsToDelete, namespace: key.namespace)
            plan = plan.recordingPurge(of: purged)
            // Equal values encode equally: most reconciles change nothing and skip the JSON diff.
            if plan.status != monitor.status,
                let statusPatch = try (monitor.status.map(JSONValue.encoding) ?? .object([:]))
                    .mergePatch(to: JSONValue.encoding(plan.status))
            {
                let result = try await statusWriter.write(
                    namespace: key.namespace, name: key.name, resourceVersion: monitor.metadata.resourceVersion ?? "",
                    statusPatch: statusPatch)
                if case .conflicted(let fresh) = result {
                    // The monitor changed since it was cached (perhaps by our own earlier write):
                    // plan again from the fresh object, so nothing is alerted twice.
                    logger.debug(
                        "status write conflicted; planning again from the fresh monitor",
                        metadata: ["k8s.namespace": "\(key.namespace)", "k8s.name": "\(key.name)", "reconcile.attempt": "\(attempt)"])
                    monitor = try fresh.decoded(as: CronMonitor.self)
                    continue
                }
            }
            await end(plan.jobsToEnd, namespace: key.namespace)
            await emit(plan.events, about: monitor)
            observer.monitorStatus(key.namespace, key.name, plan.status)
            return plan.requeueAfter.map { .requeue(after: .milliseconds(Int64(($0 * 1000).rounded(.up)))) }
                ?? .awaitChange
        }
        throw ReconcileError.conflictsPersisted
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

    private func emit(_ events: [PlannedEvent], about monitor: CronMonitor) async {
        let regarding = ObjectReference(
            apiVersion: CronMonitor.apiVersion, kind: CronMonitor.kind, namespace: monitor.metadata.namespace,
            name: monitor.metadata.name, uid: monitor.metadata.uid)
        for event in events {
            let related = event.related.map {
                ObjectReference(
                    apiVersion: BatchV1.Job.apiVersion, kind: BatchV1.Job.kind, namespace: monitor.metadata.namespace,
                    name: $0.name, uid: $0.uid)
            }
            logger.info(
                "Alert \(event.reason.rawValue): \(event.note)",
                metadata: [
                    "k8s.namespace": "\(monitor.metadata.namespace ?? "")", "cronmonitor.name": "\(monitor.metadata.name ?? "")",
                    "event.reason": "\(event.reason.rawValue)", "k8s.job": "\(event.related?.name ?? "")",
                ])
            await recorder.record(
                EventDraft(
                    regarding: regarding, related: related, type: event.reason.isWarning ? .warning : .normal,
                    reason: event.reason.rawValue, action: event.reason.action, note: event.note))
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
        case .runFailed, .runStuck, .scheduleMissed, .overlappingRuns, .duplicateRun, .recovered: "Judge"
        case .invalidSpec, .cronJobNotFound: "Resolve"
        case .runTerminated: "Terminate"
        case .jobsPurged: "Purge"
        }
    }
}

extension JSONValue {
    /// Any encodable value as a JSON value (for merge-patch computation).
    static func encoding(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    /// This value decoded as `T`.
    func decoded<T: Decodable>(as _: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(self))
    }
}
