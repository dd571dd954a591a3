import KubernetesModel

/// What the operator observed and judged.
public struct CronMonitorStatus: Sendable, Codable, Equatable {
    public var observedGeneration: Int64?
    public var conditions: [Condition]?
    /// Why the monitor is not ready (the `Ready` condition's reason), else the `Healthy`
    /// condition's reason: what `kubectl get` shows as REASON.
    public var reason: String?
    public var target: String?
    public var resolvedSchedule: String?
    public var resolvedTimeZone: String?
    public var lastScheduleTime: Time?
    public var nextScheduleTime: Time?
    public var lastJudgedSlotTime: Time?
    public var lastStartTime: Time?
    public var lastFinishTime: Time?
    public var lastSuccessTime: Time?
    public var lastFailureTime: Time?
    public var lastResult: RunResult?
    public var consecutiveFailures: Int32?
    public var active: Int32?
    public var activeRuns: [ActiveRun]?
    public var runs: [RunRecord]?
    public var totals: RunTotals?
    /// Durations of the finished runs in `runs`.
    public var durations: RunDurations?
    /// One entry per calendar day in the monitor's time zone, newest first, at most 90.
    public var daily: [DailyRuns]?
    /// Which Jobs `totals` has counted although `runs` no longer holds them.
    public var countedJobs: CountedJobs?
    /// Alerts decided whose Events are not yet known to be written (the outbox): a run is
    /// recorded as alerted (`RunRecord.alerted`) only once its Event was written or folded.
    public var pendingAlerts: [PendingAlert]?

    public init() {}
}

/// An alert the operator decided and has not yet seen written: written down with the judgement
/// that caused it, so that a failed Event write or a restart between the two loses nothing.
/// Once the Event is written (or folded into an aggregate), the entry moves to its run's
/// `alerted` list.
public struct PendingAlert: Sendable, Codable, Equatable {
    /// The Event reason, e.g. `RunFailed`.
    public var reason: String
    /// The Event's note.
    public var note: String
    /// The run's Job (the Event's `related` object); unset for a missed slot.
    public var jobName: String?
    public var uid: String?
    /// The run's slot: what identifies a missed slot.
    public var scheduledTime: Time?

    public init(reason: String, note: String, jobName: String? = nil, uid: String? = nil, scheduledTime: Time? = nil) {
        self.reason = reason
        self.note = note
        self.jobName = jobName
        self.uid = uid
        self.scheduledTime = scheduledTime
    }
}

/// The Jobs counted in `totals` whose run records were trimmed from `runs`, kept in bounded space
/// so that each Job is counted once for the life of the monitor, however often it leaves and
/// re-enters the window of `runs`.
///
/// A Job is counted when `runs` holds its UID, when it was created before `createdBefore`, or
/// when `trimmedUIDs` lists it. `createdBefore` is the creation second of the newest Job the
/// monitor has seen: a watch cache is a consistent prefix of the API server's history, so every
/// Job created in an earlier second was seen with it, counted, and needs no UID of its own. Only
/// the Jobs of that newest second (more may still be created in it) are listed by UID, so the
/// list is never longer than the monitor's Jobs created in one second, and empties as soon as a
/// newer Job is seen.
public struct CountedJobs: Sendable, Codable, Equatable {
    public var createdBefore: Time?
    public var trimmedUIDs: [String]?

    public init(createdBefore: Time? = nil, trimmedUIDs: [String]? = nil) {
        self.createdBefore = createdBefore
        self.trimmedUIDs = trimmedUIDs
    }
}

/// One active run.
public struct ActiveRun: Sendable, Codable, Equatable {
    public var jobName: String
    public var uid: String
    public var scheduledTime: Time?
    public var startTime: Time?

    public init(jobName: String, uid: String, scheduledTime: Time? = nil, startTime: Time? = nil) {
        self.jobName = jobName
        self.uid = uid
        self.scheduledTime = scheduledTime
        self.startTime = startTime
    }
}

/// One run, or one missed slot, in `status.runs`.
///
/// The fields most runs leave unset (what explains a failure: reason, message, Pod, node, exit
/// code, cause, hint) are kept together behind one reference, set only when one of them is: a
/// record is then 112 bytes instead of 208, and a monitor's cached history of runs about half as
/// large. They read and write as the other fields do.
public struct RunRecord: Sendable, Codable, Equatable {
    public var jobName: String?
    public var uid: String?
    public var scheduledTime: Time?
    public var startTime: Time?
    public var finishTime: Time?
    public var durationSeconds: Int64?
    public var result: RunResult
    /// Event reasons already emitted for this run (exactly-once alerting across restarts).
    public var alerted: [String]?
    private var box: DetailsBox?

    /// What explains the run, from its Job and Pods: the Job's failure reason and message, the
    /// Pod and node that tell (the failing one, else the newest), the failing container's exit
    /// code, the cause (`OOMKilled`, `Error`, `Evicted`, `ImagePullBackOff`, `Unschedulable`,
    /// `NoPodCreated`, ...) and a one-line hint.
    public struct Details: Sendable, Equatable {
        public var reason: String?
        public var message: String?
        public var pod: String?
        public var node: String?
        public var exitCode: Int32?
        public var cause: String?
        public var hint: String?

        public init() {}

        var isEmpty: Bool { self == Details() }
    }

    private final class DetailsBox: Sendable {
        let details: Details

        init(_ details: Details) {
            self.details = details
        }
    }

    /// The explaining fields together (all unset for most runs).
    public var details: Details {
        get { box?.details ?? Details() }
        set { box = newValue.isEmpty ? nil : DetailsBox(newValue) }
    }

    public var reason: String? {
        get { box?.details.reason }
        set { details.reason = newValue }
    }
    public var message: String? {
        get { box?.details.message }
        set { details.message = newValue }
    }
    public var pod: String? {
        get { box?.details.pod }
        set { details.pod = newValue }
    }
    public var node: String? {
        get { box?.details.node }
        set { details.node = newValue }
    }
    public var exitCode: Int32? {
        get { box?.details.exitCode }
        set { details.exitCode = newValue }
    }
    public var cause: String? {
        get { box?.details.cause }
        set { details.cause = newValue }
    }
    public var hint: String? {
        get { box?.details.hint }
        set { details.hint = newValue }
    }

    public init(
        jobName: String? = nil,
        uid: String? = nil,
        scheduledTime: Time? = nil,
        startTime: Time? = nil,
        finishTime: Time? = nil,
        durationSeconds: Int64? = nil,
        result: RunResult,
        reason: String? = nil,
        message: String? = nil,
        pod: String? = nil,
        node: String? = nil,
        exitCode: Int32? = nil,
        cause: String? = nil,
        hint: String? = nil,
        alerted: [String]? = nil
    ) {
        self.jobName = jobName
        self.uid = uid
        self.scheduledTime = scheduledTime
        self.startTime = startTime
        self.finishTime = finishTime
        self.durationSeconds = durationSeconds
        self.result = result
        self.alerted = alerted
        var details = Details()
        details.reason = reason
        details.message = message
        details.pod = pod
        details.node = node
        details.exitCode = exitCode
        details.cause = cause
        details.hint = hint
        self.details = details
    }

    public static func == (lhs: RunRecord, rhs: RunRecord) -> Bool {
        lhs.jobName == rhs.jobName && lhs.uid == rhs.uid && lhs.scheduledTime == rhs.scheduledTime
            && lhs.startTime == rhs.startTime && lhs.finishTime == rhs.finishTime
            && lhs.durationSeconds == rhs.durationSeconds && lhs.result == rhs.result && lhs.alerted == rhs.alerted
            && (lhs.box === rhs.box || lhs.details == rhs.details)
    }

    /// The JSON names, in the order the fields are declared.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case jobName, uid, scheduledTime, startTime, finishTime, durationSeconds, result, reason, message, pod, node
        case exitCode, cause, hint, alerted
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            jobName: try container.decodeIfPresent(String.self, forKey: .jobName),
            uid: try container.decodeIfPresent(String.self, forKey: .uid),
            scheduledTime: try container.decodeIfPresent(Time.self, forKey: .scheduledTime),
            startTime: try container.decodeIfPresent(Time.self, forKey: .startTime),
            finishTime: try container.decodeIfPresent(Time.self, forKey: .finishTime),
            durationSeconds: try container.decodeIfPresent(Int64.self, forKey: .durationSeconds),
            result: try container.decode(RunResult.self, forKey: .result),
            reason: try container.decodeIfPresent(String.self, forKey: .reason),
            message: try container.decodeIfPresent(String.self, forKey: .message),
            pod: try container.decodeIfPresent(String.self, forKey: .pod),
            node: try container.decodeIfPresent(String.self, forKey: .node),
            exitCode: try container.decodeIfPresent(Int32.self, forKey: .exitCode),
            cause: try container.decodeIfPresent(String.self, forKey: .cause),
            hint: try container.decodeIfPresent(String.self, forKey: .hint),
            alerted: try container.decodeIfPresent([String].self, forKey: .alerted))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(jobName, forKey: .jobName)
        try container.encodeIfPresent(uid, forKey: .uid)
        try container.encodeIfPresent(scheduledTime, forKey: .scheduledTime)
        try container.encodeIfPresent(startTime, forKey: .startTime)
        try container.encodeIfPresent(finishTime, forKey: .finishTime)
        try container.encodeIfPresent(durationSeconds, forKey: .durationSeconds)
        try container.encode(result, forKey: .result)
        try container.encodeIfPresent(reason, forKey: .reason)
        try container.encodeIfPresent(message, forKey: .message)
        try container.encodeIfPresent(pod, forKey: .pod)
        try container.encodeIfPresent(node, forKey: .node)
        try container.encodeIfPresent(exitCode, forKey: .exitCode)
        try container.encodeIfPresent(cause, forKey: .cause)
        try container.encodeIfPresent(hint, forKey: .hint)
        try container.encodeIfPresent(alerted, forKey: .alerted)
    }
}

/// A run's outcome.
public enum RunResult: String, Sendable, Codable, Equatable, CaseIterable {
    /// The Job exists but none of its Pods has started.
    case pending = "Pending"
    case running = "Running"
    case succeeded = "Succeeded"
    case failed = "Failed"
    case stuck = "Stuck"
    case terminated = "Terminated"
    case missed = "Missed"
    case duplicate = "Duplicate"
}

/// Counters since the monitor was created.
public struct RunTotals: Sendable, Codable, Equatable {
    public var runs: Int64?
    public var succeeded: Int64?
    public var failed: Int64?
    public var missed: Int64?
    public var stuck: Int64?
    public var overlaps: Int64?
    public var duplicates: Int64?
    public var purged: Int64?
    /// Runs alerted `RunNotStarted` (pending past the start grace).
    public var notStarted: Int64?
    /// Runs alerted `RunTooShort` (succeeded faster than `minDurationSeconds`).
    public var tooShort: Int64?

    public init() {}
}
