extension CoreV1 {
    /// Core `v1` Pod, reduced to what explains a run: its node, phase, scheduling and the
    /// states of its containers (never the rest of its spec).
    public struct Pod: KubernetesResource, Codable, Equatable {
        public static let group = ""
        public static let version = "v1"
        public static let kind = "Pod"
        public static let plural = "pods"
        public static let isNamespaced = true

        public var metadata: ObjectMeta
        public var spec: PodSpec?
        public var status: PodStatus?

        public init(metadata: ObjectMeta, spec: PodSpec? = nil, status: PodStatus? = nil) {
            self.metadata = metadata
            self.spec = spec
            self.status = status
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: TopLevelCodingKeys.self)
            metadata = try container.decodeMetadata()
            spec = try container.decodeIfPresent(PodSpec.self, forKey: .spec)
            status = try container.decodeIfPresent(PodStatus.self, forKey: .status)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: TopLevelCodingKeys.self)
            try encodeTypeAndMetadata(into: &container)
            try container.encodeIfPresent(spec, forKey: .spec)
            try container.encodeIfPresent(status, forKey: .status)
        }
    }

    public struct PodSpec: Sendable, Codable, Equatable {
        /// The node the scheduler bound the Pod to; unset while it is unscheduled.
        public var nodeName: String?

        public init(nodeName: String? = nil) {
            self.nodeName = nodeName
        }
    }

    public struct PodStatus: Sendable, Codable, Equatable {
        /// `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`.
        public var phase: String?
        /// Why the Pod is in this phase, e.g. `Evicted`, `DeadlineExceeded`.
        public var reason: String?
        public var message: String?
        public var startTime: Time?
        public var conditions: [PodCondition]?
        public var initContainerStatuses: [ContainerStatus]?
        public var containerStatuses: [ContainerStatus]?

        public init(
            phase: String? = nil, reason: String? = nil, message: String? = nil, startTime: Time? = nil,
            conditions: [PodCondition]? = nil, initContainerStatuses: [ContainerStatus]? = nil,
            containerStatuses: [ContainerStatus]? = nil
        ) {
            self.phase = phase
            self.reason = reason
            self.message = message
            self.startTime = startTime
            self.conditions = conditions
            self.initContainerStatuses = initContainerStatuses
            self.containerStatuses = containerStatuses
        }
    }

    /// A Pod condition (`PodScheduled`, `Initialized`, `ContainersReady`, `Ready`, ...).
    public struct PodCondition: Sendable, Codable, Equatable {
        public var type: String
        /// `True`, `False` or `Unknown`.
        public var status: String
        public var reason: String?
        public var message: String?
        public var lastTransitionTime: Time?

        public init(type: String, status: String, reason: String? = nil, message: String? = nil, lastTransitionTime: Time? = nil) {
            self.type = type
            self.status = status
            self.reason = reason
            self.message = message
            self.lastTransitionTime = lastTransitionTime
        }
    }

    public struct ContainerStatus: Sendable, Codable, Equatable {
        public var name: String
        public var state: ContainerState?
        /// The previous termination, when the container restarted.
        public var lastState: ContainerState?
        public var ready: Bool?
        public var started: Bool?
        public var restartCount: Int32?
        public var image: String?

        public init(
            name: String, state: ContainerState? = nil, lastState: ContainerState? = nil, ready: Bool? = nil,
            started: Bool? = nil, restartCount: Int32? = nil, image: String? = nil
        ) {
            self.name = name
            self.state = state
            self.lastState = lastState
            self.ready = ready
            self.started = started
            self.restartCount = restartCount
            self.image = image
        }
    }

    /// One of `waiting`, `running` or `terminated` (the kubelet sets exactly one).
    public struct ContainerState: Sendable, Codable, Equatable {
        public var waiting: ContainerStateWaiting?
        public var running: ContainerStateRunning?
        public var terminated: ContainerStateTerminated?

        public init(
            waiting: ContainerStateWaiting? = nil, running: ContainerStateRunning? = nil,
            terminated: ContainerStateTerminated? = nil
        ) {
            self.waiting = waiting
            self.running = running
            self.terminated = terminated
        }
    }

    public struct ContainerStateWaiting: Sendable, Codable, Equatable {
        /// E.g. `ContainerCreating`, `ImagePullBackOff`, `ErrImagePull`, `CrashLoopBackOff`.
        public var reason: String?
        public var message: String?

        public init(reason: String? = nil, message: String? = nil) {
            self.reason = reason
            self.message = message
        }
    }

    public struct ContainerStateRunning: Sendable, Codable, Equatable {
        public var startedAt: Time?

        public init(startedAt: Time? = nil) {
            self.startedAt = startedAt
        }
    }

    public struct ContainerStateTerminated: Sendable, Codable, Equatable {
        public var exitCode: Int32?
        public var signal: Int32?
        /// E.g. `Completed`, `Error`, `OOMKilled`, `ContainerCannotRun`.
        public var reason: String?
        public var message: String?
        public var startedAt: Time?
        public var finishedAt: Time?

        public init(
            exitCode: Int32? = nil, signal: Int32? = nil, reason: String? = nil, message: String? = nil,
            startedAt: Time? = nil, finishedAt: Time? = nil
        ) {
            self.exitCode = exitCode
            self.signal = signal
            self.reason = reason
            self.message = message
            self.startedAt = startedAt
            self.finishedAt = finishedAt
        }
    }
}
