extension BatchV1 {
    public struct JobStatus: Sendable, Codable, Equatable {
        public var conditions: [JobCondition]?
        public var startTime: Time?
        /// Set only when the Job succeeded.
        public var completionTime: Time?
        public var active: Int?
        public var succeeded: Int?
        public var failed: Int?
        public var ready: Int?
        public var terminating: Int?

        public init(
            conditions: [JobCondition]? = nil,
            startTime: Time? = nil,
            completionTime: Time? = nil,
            active: Int? = nil,
            succeeded: Int? = nil,
            failed: Int? = nil,
            ready: Int? = nil,
            terminating: Int? = nil
        ) {
            self.conditions = conditions
            self.startTime = startTime
            self.completionTime = completionTime
            self.active = active
            self.succeeded = succeeded
            self.failed = failed
            self.ready = ready
            self.terminating = terminating
        }

        /// The condition of `type` (`Complete`, `Failed`, `SuccessCriteriaMet`, `FailureTarget`, ...).
        public func condition(_ type: String) -> JobCondition? {
            conditions?.first { $0.type == type }
        }
    }

    /// `batch/v1` JobCondition. `type` and `status` stay strings: new types appear in new releases.
    public struct JobCondition: Sendable, Codable, Equatable {
        public var type: String
        /// `True`, `False` or `Unknown`.
        public var status: String
        public var reason: String?
        public var message: String?
        public var lastTransitionTime: Time?
        public var lastProbeTime: Time?

        public init(
            type: String,
            status: String,
            reason: String? = nil,
            message: String? = nil,
            lastTransitionTime: Time? = nil,
            lastProbeTime: Time? = nil
        ) {
            self.type = type
            self.status = status
            self.reason = reason
            self.message = message
            self.lastTransitionTime = lastTransitionTime
            self.lastProbeTime = lastProbeTime
        }

        public var isTrue: Bool { status == "True" }
    }
}
