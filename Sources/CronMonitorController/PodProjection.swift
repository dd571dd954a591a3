import Foundation
import KubernetesModel
import KubernetesRuntime

/// What the controller keeps of a Job's Pod: whose it is, where it ran, whether it started, and
/// the states that explain a failed or never-started run. Reasons, node and container names are
/// interned (many Pods share them) and messages are cut short, so a cached Pod stays small.
public struct PodProjection: CacheProjection {
    public var key: ObjectKey
    /// The UID (kept in 16 bytes when it is a UUID, as the API server makes them) and the name
    /// of the Job that owns the Pod.
    private var ownerUID: CompactString
    // The one-byte fields next to the UID's tag byte, where they cost no padding; the fields'
    // order makes the projection 112 bytes, and its store entry one 128-byte allocation.
    public var phase: Phase
    /// Some container, init or not, has run (it runs, or it ended).
    public var containerStarted: Bool
    public var jobName: String
    public var created: Date
    public var node: String?
    /// What most Pods lack (a reason, a message, a scheduling problem), boxed: one pointer in
    /// the projection, shared by its copies, allocated only for the Pods that have some.
    private var notes: Notes?

    public var jobUID: String {
        get { ownerUID.string }
        set { ownerUID = CompactString(newValue) }
    }

    /// The Job's UID as the Pod caches index it.
    var compactJobUID: CompactString { ownerUID }

    /// The Pod's own reason and message (`Evicted`, `DeadlineExceeded`, ...).
    public var reason: String? {
        get { notes?.reason }
        set { notes = Notes.make(reason: newValue, message: message, unscheduled: unscheduled) }
    }

    public var message: String? {
        get { notes?.message }
        set { notes = Notes.make(reason: reason, message: newValue, unscheduled: unscheduled) }
    }

    /// `PodScheduled=False`: the scheduler's reason (`Unschedulable`) and message.
    public var unscheduled: Waiting? {
        get { notes?.unscheduled }
        set { notes = Notes.make(reason: reason, message: message, unscheduled: newValue) }
    }

    /// The containers that explain something (waiting, failed, or restarted), init containers
    /// first, each in the order the kubelet reports; those running, or ended well without a
    /// restart, are left out (most Pods then keep none).
    public var containers: [Container]

    private final class Notes: Sendable, Equatable {
        let reason: String?
        let message: String?
        let unscheduled: Waiting?

        private init(reason: String?, message: String?, unscheduled: Waiting?) {
            self.reason = reason
            self.message = message
            self.unscheduled = unscheduled
        }

        static func make(reason: String?, message: String?, unscheduled: Waiting?) -> Notes? {
            guard reason != nil || message != nil || unscheduled != nil else { return nil }
            return Notes(reason: reason, message: message, unscheduled: unscheduled)
        }

        static func == (lhs: Notes, rhs: Notes) -> Bool {
            lhs.reason == rhs.reason && lhs.message == rhs.message && lhs.unscheduled == rhs.unscheduled
        }
    }

    public enum Phase: String, Sendable, Equatable {
        case pending = "Pending"
        case running = "Running"
        case succeeded = "Succeeded"
        case failed = "Failed"
        case unknown = "Unknown"
    }

    /// A reason with its message.
    public struct Waiting: Sendable, Equatable {
        public var reason: String
        public var message: String?

        public init(reason: String, message: String? = nil) {
            self.reason = reason
            self.message = message
        }
    }

    /// How a container ended.
    public struct Termination: Sendable, Equatable {
        public var exitCode: Int32?
        public var signal: Int32?
        public var reason: String?

        public init(exitCode: Int32? = nil, signal: Int32? = nil, reason: String? = nil) {
            self.exitCode = exitCode
            self.signal = signal
            self.reason = reason
        }
    }

    public struct Container: Sendable, Equatable {
        public enum State: Sendable, Equatable {
            case waiting(Waiting?)
            case running
            case terminated(Termination)
        }

        public var name: String
        public var isInit: Bool
        public var state: State
        /// The termination before the latest restart, if it restarted.
        public var lastTermination: Termination?
        public var restartCount: Int32

        public init(
            name: String, isInit: Bool = false, state: State, lastTermination: Termination? = nil, restartCount: Int32 = 0
        ) {
            self.name = name
            self.isInit = isInit
            self.state = state
            self.lastTermination = lastTermination
            self.restartCount = restartCount
        }

        /// Whether the container says more than "it runs" or "it ended well".
        var explains: Bool {
            switch state {
            case .running: lastTermination != nil
            case .terminated(let end): lastTermination != nil || (end.exitCode ?? 0) != 0 || end.reason == "OOMKilled"
            case .waiting: true
            }
        }

        /// Whether the container has run at all (running, or ended, or ended before a restart).
        public var hasStarted: Bool {
            switch state {
            case .running, .terminated: true
            case .waiting: lastTermination != nil
            }
        }
    }

    /// The label the Job controller puts on its Pods, and the older key it also accepts.
    public static let controllerUIDLabel = "batch.kubernetes.io/controller-uid"
    public static let legacyControllerUIDLabel = "controller-uid"
    public static let jobNameLabel = "batch.kubernetes.io/job-name"
    public static let legacyJobNameLabel = "job-name"
    /// Longest message kept (the rest of a long scheduler or kubelet message is cut).
    static let messageLimit = 240

    public init(
        key: ObjectKey, jobUID: String, jobName: String, created: Date, node: String? = nil, phase: Phase, reason: String? = nil,
        message: String? = nil, unscheduled: Waiting? = nil, containers: [Container] = []
    ) {
        self.key = key
        self.ownerUID = CompactString(jobUID)
        self.jobName = jobName
        self.created = created
        self.node = node
        self.phase = phase
        self.notes = Notes.make(reason: reason, message: message, unscheduled: unscheduled)
        self.containers = containers.filter(\.explains)
        self.containerStarted = containers.contains(where: \.hasStarted)
    }

    public init(_ pod: CoreV1.Pod) {
        let metadata = pod.metadata
        let interner = StringInterner.shared
        let labels = metadata.labels ?? [:]
        let owner = metadata.ownerReferences?.first { $0.kind == "Job" && $0.controller == true }
        let status = pod.status
        self.init(
            key: ObjectKey(namespace: metadata.namespace ?? "", name: metadata.name ?? ""),
            jobUID: labels[Self.controllerUIDLabel] ?? labels[Self.legacyControllerUIDLabel] ?? owner?.uid ?? "",
            jobName: labels[Self.jobNameLabel] ?? labels[Self.legacyJobNameLabel] ?? owner?.name ?? "",
            created: metadata.creationTimestamp?.date ?? Date(timeIntervalSince1970: 0),
            node: pod.spec?.nodeName.map(interner.intern),
            phase: status?.phase.flatMap(Phase.init(rawValue:)) ?? (status?.phase == nil ? .pending : .unknown),
            reason: status?.reason.map(interner.intern),
            message: status?.message.map(Self.shortened),
            unscheduled: status?.conditions?.first { $0.type == "PodScheduled" && $0.status == "False" }.map {
                Waiting(reason: interner.intern($0.reason ?? "Unschedulable"), message: $0.message.map(Self.shortened))
            },
            containers: (status?.initContainerStatuses ?? []).map { Self.container($0, isInit: true) }
                + (status?.containerStatuses ?? []).map { Self.container($0, isInit: false) })
    }

    private static func container(_ status: CoreV1.ContainerStatus, isInit: Bool) -> Container {
        let interner = StringInterner.shared
        let state: Container.State
        // The kubelet sets exactly one; should several be present, the furthest along tells.
        if let terminated = status.state?.terminated {
            state = .terminated(termination(terminated))
        } else if status.state?.running != nil {
            state = .running
        } else {
            state = .waiting(
                status.state?.waiting.map {
                    Waiting(reason: interner.intern($0.reason ?? "Waiting"), message: $0.message.map(shortened))
                })
        }
        return Container(
            name: interner.intern(status.name), isInit: isInit, state: state,
            lastTermination: status.lastState?.terminated.map(termination), restartCount: status.restartCount ?? 0)
    }

    private static func termination(_ terminated: CoreV1.ContainerStateTerminated) -> Termination {
        Termination(
            exitCode: terminated.exitCode, signal: terminated.signal,
            reason: terminated.reason.map(StringInterner.shared.intern))
    }

    /// `message` on one line and at most `messageLimit` characters (the same messages recur
    /// across Pods: they are interned).
    static func shortened(_ message: String) -> String {
        var line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        if line.count > messageLimit { line = String(line.prefix(messageLimit - 1)) + "…" }
        return StringInterner.shared.intern(line)
    }

    /// The Pod runs: its phase says so and no container of it has ended (or restarted after an
    /// end) yet.
    public var isRunning: Bool { phase == .running && containers.isEmpty }

    /// Whether any container of the Pod has run, or the Pod itself got past pending.
    public var hasStarted: Bool {
        switch phase {
        case .running, .succeeded, .failed: true
        case .pending, .unknown: containerStarted
        }
    }
}
