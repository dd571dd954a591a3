import Foundation
import KubernetesModel
import KubernetesRuntime

/// What the controller keeps of a Job's Pod: whose it is, where it ran, whether it started, and
/// the states that explain a failed or never-started run. Reasons, node and container names are
/// interned (many Pods share them) and messages are cut short, so a cached Pod stays small.
public struct PodProjection: CacheProjection {
    public var key: ObjectKey
    /// The UID and name of the Job that owns the Pod.
    public var jobUID: String
    public var jobName: String
    public var created: Date
    public var node: String?
    public var phase: Phase
    /// The Pod's own reason and message (`Evicted`, `DeadlineExceeded`, ...).
    public var reason: String?
    public var message: String?
    /// `PodScheduled=False`: the scheduler's reason (`Unschedulable`) and message.
    public var unscheduled: Waiting?
    /// Init containers first, then the app containers, each in the order the kubelet reports.
    public var containers: [Container]

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
        self.jobUID = jobUID
        self.jobName = jobName
        self.created = created
        self.node = node
        self.phase = phase
        self.reason = reason
        self.message = message
        self.unscheduled = unscheduled
        self.containers = containers
    }

    public init(_ pod: CoreV1.Pod) {
        let metadata = pod.metadata
        let interner = StringInterner.shared
        key = ObjectKey(namespace: metadata.namespace ?? "", name: metadata.name ?? "")
        let labels = metadata.labels ?? [:]
        let owner = metadata.ownerReferences?.first { $0.kind == "Job" && $0.controller == true }
        jobUID = labels[Self.controllerUIDLabel] ?? labels[Self.legacyControllerUIDLabel] ?? owner?.uid ?? ""
        jobName = labels[Self.jobNameLabel] ?? labels[Self.legacyJobNameLabel] ?? owner?.name ?? ""
        created = metadata.creationTimestamp?.date ?? Date(timeIntervalSince1970: 0)
        node = pod.spec?.nodeName.map(interner.intern)
        let status = pod.status
        phase = status?.phase.flatMap(Phase.init(rawValue:)) ?? (status?.phase == nil ? .pending : .unknown)
        reason = status?.reason.map(interner.intern)
        message = status?.message.map(Self.shortened)
        unscheduled = status?.conditions?.first { $0.type == "PodScheduled" && $0.status == "False" }.map {
            Waiting(reason: interner.intern($0.reason ?? "Unschedulable"), message: $0.message.map(Self.shortened))
        }
        containers =
            (status?.initContainerStatuses ?? []).map { Self.container($0, isInit: true) }
            + (status?.containerStatuses ?? []).map { Self.container($0, isInit: false) }
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

    /// Whether any container of the Pod has run, or the Pod itself got past pending.
    public var hasStarted: Bool {
        switch phase {
        case .running, .succeeded, .failed: true
        case .pending, .unknown: containers.contains(where: \.hasStarted)
        }
    }
}
