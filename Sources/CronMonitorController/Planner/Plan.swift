import CronMonitorAPI
import Foundation

/// Everything the planner reads: the monitor as cached, the Jobs its target selects, its
/// CronJob when it names one, and the time.
public struct PlanInput: Sendable {
    public var monitor: CronMonitor
    /// The Jobs of the monitor's target (see `Planner.targets(of:cronJob:among:)`).
    public var jobs: [JobProjection]
    public var cronJob: CronJobProjection?
    public var now: Date
    /// The incidents (`PendingAlert.incident`) of pending alerts whose Events have been written
    /// or folded since the status was written: the plan records them as alerted.
    public var delivered: Set<String>
    /// The Pods of those Jobs, by Job UID (a Job without an entry has no Pod). Nil when the
    /// operator cannot see Pods (their cache has not synced): no run is then judged `Pending`.
    public var pods: [String: [PodProjection]]?

    public init(
        monitor: CronMonitor, jobs: [JobProjection], cronJob: CronJobProjection?, now: Date, delivered: Set<String> = [],
        pods: [String: [PodProjection]]? = nil
    ) {
        self.monitor = monitor
        self.jobs = jobs
        self.cronJob = cronJob
        self.now = now
        self.delivered = delivered
        self.pods = pods
    }
}

/// What the reconciler must do: write `status`, end and delete Jobs, emit Events (alerts before
/// the status that records them, notices after it), and look again after `requeueAfter`.
public struct Plan: Sendable, Equatable {
    public var status: CronMonitorStatus
    /// The alerts waiting in `status.pendingAlerts` (each with its `incident`), then notices.
    public var events: [PlannedEvent]
    /// Jobs to end natively by patching `spec.activeDeadlineSeconds`.
    public var jobsToEnd: [JobTermination]
    /// Finished Jobs to delete (retention), newest first. Their runs are already recorded in the
    /// status the plan started from, so deleting them loses nothing.
    public var jobsToDelete: [JobReference]
    /// When to reconcile again even if nothing changes; nil waits for a change.
    public var requeueAfter: TimeInterval?
    /// Pending alerts given up in this pass (beyond `AlertOutbox.capacity`, or of a reason this
    /// version does not know): the reconciler reports each at warning level.
    public var givenUpAlerts: [PendingAlert]

    public init(
        status: CronMonitorStatus, events: [PlannedEvent] = [], jobsToEnd: [JobTermination] = [],
        jobsToDelete: [JobReference] = [], requeueAfter: TimeInterval? = nil, givenUpAlerts: [PendingAlert] = []
    ) {
        self.status = status
        self.events = events
        self.jobsToEnd = jobsToEnd
        self.jobsToDelete = jobsToDelete
        self.requeueAfter = requeueAfter
        self.givenUpAlerts = givenUpAlerts
    }
}

/// A Job by name and UID (the UID guards deletes with a precondition).
public struct JobReference: Sendable, Equatable, Hashable {
    public var name: String
    public var uid: String

    public init(name: String, uid: String) {
        self.name = name
        self.uid = uid
    }
}

/// End a Job natively: its controller fails it with `DeadlineExceeded`.
public struct JobTermination: Sendable, Equatable {
    public var job: JobReference
    public var activeDeadlineSeconds: Int64

    public init(job: JobReference, activeDeadlineSeconds: Int64) {
        self.job = job
        self.activeDeadlineSeconds = activeDeadlineSeconds
    }
}

/// An Event about the monitor, optionally related to one of its Jobs.
public struct PlannedEvent: Sendable, Equatable {
    public var reason: EventReason
    public var note: String
    public var related: JobReference?
    /// For an alert about a run: its `PendingAlert.incident`, which names the Event (so a write
    /// repeated after a crash finds it there) and which `PlanInput.delivered` reports back. Nil
    /// for a notice about the monitor (`Recovered`, `JobsPurged`, `InvalidSpec`, ...).
    public var incident: String?

    public init(_ reason: EventReason, note: String, related: JobReference? = nil, incident: String? = nil) {
        self.reason = reason
        self.note = note
        self.related = related
        self.incident = incident
    }
}
