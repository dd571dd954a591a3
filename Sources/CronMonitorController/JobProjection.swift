import Foundation
import KubernetesModel
import KubernetesRuntime

/// What the controller keeps of a Job in its cache: identity, ownership, the facts that decide
/// a run's slot, start, finish and outcome, and nothing else (never the pod template).
///
/// Laid out for a cache of 100,000 Jobs: 120 bytes inline instead of 208. Optional times are
/// kept in 8 bytes (`OptionalInstant`), the owner and the outcome's reason and message are
/// shared by every Job that has the same (`Shared`), and the public fields read and write as
/// plain values.
public struct JobProjection: CacheProjection {
    public var key: ObjectKey
    public var uid: String
    /// The Job's labels but those the Job controller sets to the Job's own name or UID, which
    /// are unique per Job: kept as flags and derived again on read (see `labels`).
    private var ownLabels: [String: String]
    private var owner: Shared<Owner>?
    private var outcomeText: Shared<OutcomeText>?
    public var created: Date
    private var scheduled: OptionalInstant
    private var started: OptionalInstant
    private var finished: OptionalInstant
    private var deadlineSeconds: Int64
    private var derivedLabels: DerivedLabels
    private var outcomeResult: JobOutcome.Result?
    /// Created by `kubectl create job --from=cronjob/...` (no slot).
    public var isManual: Bool
    public var isBeingDeleted: Bool
    /// The Job's status counts active (pending or running) Pods: a run with no Pod in sight is
    /// then not judged `NoPodCreated` (its Pods are out of the operator's sight, not missing).
    public var reportsActivePods: Bool

    /// The owning CronJob's name and UID, when a CronJob controls this Job.
    public var cronJobOwner: Owner? {
        get { owner?.value }
        set { owner = newValue.map { Self.owners.intern($0, making: Shared.init) } }
    }

    /// The scheduled slot, as the CronJob controller recorded it (annotation or name suffix);
    /// the planner finds the slot of other Jobs from the monitor's schedule.
    public var scheduledTime: Date? {
        get { scheduled.date }
        set { scheduled = OptionalInstant(newValue) }
    }

    public var startTime: Date? {
        get { started.date }
        set { started = OptionalInstant(newValue) }
    }

    public var outcome: JobOutcome? {
        get {
            outcomeResult.map {
                JobOutcome(
                    result: $0, reason: outcomeText?.value.reason, message: outcomeText?.value.message,
                    finishTime: finished.date)
            }
        }
        set {
            outcomeResult = newValue?.result
            finished = OptionalInstant(newValue?.finishTime)
            let text = OutcomeText(reason: newValue?.reason, message: newValue?.message)
            outcomeText = text == OutcomeText() ? nil : Self.outcomeTexts.intern(text, making: Shared.init)
        }
    }

    public var activeDeadlineSeconds: Int64? {
        get { deadlineSeconds == Self.noDeadline ? nil : deadlineSeconds }
        set { deadlineSeconds = newValue ?? Self.noDeadline }
    }

    private static let noDeadline = Int64.min
    private static let owners = Interner<Owner, Shared<Owner>>(capacity: 65_536)
    private static let outcomeTexts = Interner<OutcomeText, Shared<OutcomeText>>(capacity: 65_536)

    /// A failed or finished Job's reason and message, shared by the Jobs that have the same.
    struct OutcomeText: Hashable, Sendable {
        var reason: String?
        var message: String?
    }

    public struct Owner: Sendable, Hashable {
        public var name: String
        public var uid: String

        public init(name: String, uid: String) {
            self.name = name
            self.uid = uid
        }
    }

    public static let scheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp"
    public static let instantiateAnnotation = "cronjob.kubernetes.io/instantiate"

    public init(
        key: ObjectKey,
        uid: String,
        labels: [String: String] = [:],
        cronJobOwner: Owner? = nil,
        created: Date,
        scheduledTime: Date? = nil,
        isManual: Bool = false,
        startTime: Date? = nil,
        outcome: JobOutcome? = nil,
        activeDeadlineSeconds: Int64? = nil,
        isBeingDeleted: Bool = false,
        reportsActivePods: Bool = false
    ) {
        self.key = key
        self.uid = uid
        (ownLabels, derivedLabels) = Self.split(labels, name: key.name, uid: uid)
        self.created = created
        scheduled = OptionalInstant(scheduledTime)
        started = OptionalInstant(startTime)
        finished = OptionalInstant(nil)
        deadlineSeconds = Self.noDeadline
        self.isManual = isManual
        self.isBeingDeleted = isBeingDeleted
        self.reportsActivePods = reportsActivePods
        self.cronJobOwner = cronJobOwner
        self.outcome = outcome
        self.activeDeadlineSeconds = activeDeadlineSeconds
    }

    public init(_ job: BatchV1.Job) {
        let metadata = job.metadata
        let controller = metadata.ownerReferences?.first { $0.kind == "CronJob" && $0.controller == true }
            ?? metadata.ownerReferences?.first { $0.kind == "CronJob" }
        let interner = StringInterner.shared
        let owner = controller.map { Owner(name: interner.intern($0.name), uid: interner.intern($0.uid)) }
        let isManual = metadata.annotations?[Self.instantiateAnnotation] == "manual"
        self.init(
            key: ObjectKey(namespace: metadata.namespace ?? "", name: metadata.name ?? ""),
            uid: metadata.uid ?? "",
            labels: metadata.labels ?? [:],
            cronJobOwner: owner,
            created: metadata.creationTimestamp?.date ?? Date(timeIntervalSince1970: 0),
            scheduledTime: isManual ? nil : Self.scheduledTime(of: metadata, owner: owner),
            isManual: isManual,
            startTime: job.status?.startTime?.date,
            outcome: JobOutcome(job.status),
            activeDeadlineSeconds: job.spec.activeDeadlineSeconds,
            isBeingDeleted: metadata.deletionTimestamp != nil,
            reportsActivePods: (job.status?.active ?? 0) > 0)
    }

    /// The slot: the controller's annotation, else the minutes-since-epoch suffix of a
    /// CronJob-created name (`<cronjob>-<minutes>`).
    static func scheduledTime(of metadata: ObjectMeta, owner: Owner?) -> Date? {
        if let annotation = metadata.annotations?[scheduledTimestampAnnotation],
            let time = try? Time(rfc3339: annotation)
        {
            return time.date
        }
        guard let owner, let name = metadata.name, name.hasPrefix(owner.name + "-") else { return nil }
        let suffix = name.dropFirst(owner.name.count + 1)
        guard !suffix.isEmpty, suffix.allSatisfy(\.isASCII), suffix.allSatisfy(\.isNumber),
            let minutes = Int64(suffix), minutes < 100_000_000
        else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(minutes * 60))
    }

    /// The Job's labels.
    public var labels: [String: String] {
        get {
            guard !derivedLabels.isEmpty else { return ownLabels }
            var labels = ownLabels
            for label in DerivedLabels.all where derivedLabels.contains(label.flag) {
                labels[label.key] = label.fromName ? key.name : uid
            }
            return labels
        }
        set { (ownLabels, derivedLabels) = Self.split(newValue, name: key.name, uid: uid) }
    }

    /// The labels the Job controller sets to the Job's name (`job-name`) or UID
    /// (`controller-uid`), in both their current and their legacy key.
    struct DerivedLabels: OptionSet, Sendable, Equatable {
        let rawValue: UInt8

        static let all: [(key: String, flag: DerivedLabels, fromName: Bool)] = [
            ("batch.kubernetes.io/job-name", DerivedLabels(rawValue: 1), true),
            ("job-name", DerivedLabels(rawValue: 2), true),
            ("batch.kubernetes.io/controller-uid", DerivedLabels(rawValue: 4), false),
            ("controller-uid", DerivedLabels(rawValue: 8), false),
        ]
    }

    /// The label sets of cached Jobs: the Jobs of one CronJob share one copy.
    static let labelSets = ValueInterner<[String: String]>(capacity: 65_536)

    /// Labels as kept: the derived ones as flags (only when their value is the Job's own), the
    /// others with their keys and values interned, and the set itself interned (many Jobs share
    /// them).
    static func split(_ labels: [String: String], name: String, uid: String) -> ([String: String], DerivedLabels) {
        guard !labels.isEmpty else { return ([:], []) }
        var own: [String: String] = [:]
        var derived: DerivedLabels = []
        let interner = StringInterner.shared
        for (key, value) in labels {
            if let label = DerivedLabels.all.first(where: { $0.key == key }), value == (label.fromName ? name : uid) {
                derived.insert(label.flag)
            } else {
                own[interner.intern(key)] = interner.intern(value)
            }
        }
        return (own.isEmpty ? [:] : labelSets.intern(own), derived)
    }

    /// The run's start: `status.startTime`, else its creation.
    public var effectiveStart: Date { startTime ?? created }

    public var isActive: Bool { outcome == nil && !isBeingDeleted }
}

/// How a Job ended, from its conditions.
public struct JobOutcome: Sendable, Equatable {
    public enum Result: Sendable, Hashable {
        case succeeded
        case failed
    }

    public var result: Result
    /// The failing condition's reason (`BackoffLimitExceeded`, `DeadlineExceeded`, ...).
    public var reason: String?
    public var message: String?
    public var finishTime: Date?

    public init(result: Result, reason: String? = nil, message: String? = nil, finishTime: Date? = nil) {
        self.result = result
        self.reason = reason
        self.message = message
        self.finishTime = finishTime
    }

    /// `Complete` or `SuccessCriteriaMet` → succeeded; `Failed` or `FailureTarget` → failed.
    /// Since Kubernetes 1.31 the terminal conditions follow the `*Target` ones once pods are
    /// gone; whichever is present decides. Finish time: `completionTime`, else the deciding
    /// condition's `lastTransitionTime`.
    public init?(_ status: BatchV1.JobStatus?) {
        guard let conditions = status?.conditions?.filter(\.isTrue), !conditions.isEmpty else { return nil }
        if let success = conditions.first(where: { $0.type == "Complete" })
            ?? conditions.first(where: { $0.type == "SuccessCriteriaMet" })
        {
            result = .succeeded
            reason = success.reason.map(StringInterner.shared.intern)
            message = success.message.map(StringInterner.shared.intern)
            finishTime = status?.completionTime?.date ?? success.lastTransitionTime?.date
            return
        }
        if let failure = conditions.first(where: { $0.type == "Failed" })
            ?? conditions.first(where: { $0.type == "FailureTarget" })
        {
            result = .failed
            reason = failure.reason.map(StringInterner.shared.intern)
            message = failure.message.map(StringInterner.shared.intern)
            finishTime = failure.lastTransitionTime?.date
            return
        }
        return nil
    }
}

/// An optional instant in 8 bytes, where an optional `Date` takes 16 in a struct: unset is a NaN.
struct OptionalInstant: Sendable, Equatable {
    private let seconds: Double

    init(_ date: Date?) {
        seconds = date?.timeIntervalSinceReferenceDate ?? .nan
    }

    var date: Date? { seconds.isNaN ? nil : Date(timeIntervalSinceReferenceDate: seconds) }

    static func == (lhs: OptionalInstant, rhs: OptionalInstant) -> Bool {
        lhs.seconds.isNaN ? rhs.seconds.isNaN : lhs.seconds == rhs.seconds
    }
}

/// A value many cached projections hold the same of, held once behind a reference (8 bytes in
/// each projection) and shared through an interner: the owner of the Jobs of one CronJob, the
/// reason and message of the Jobs that failed alike. Compares by value.
final class Shared<Value: Equatable & Sendable>: Equatable, Sendable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }

    static func == (lhs: Shared, rhs: Shared) -> Bool {
        lhs === rhs || lhs.value == rhs.value
    }
}

