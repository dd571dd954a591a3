import KubernetesModel

/// What to monitor and how to judge it. Optional means unset: defaults are applied by the
/// API server (from the CRD schema) and again by `resolved…` accessors, so a monitor written
/// without them (or served by a server that does not default) behaves the same.
///
/// Decoding is lenient (see `CronMonitorSpec+Decoding.swift`): a field with an unknown enum
/// value or a wrong type is left unset and recorded in `invalidFields`, so one bad monitor
/// never fails a list or watch; the planner reports it as `InvalidSpec`.
public struct CronMonitorSpec: Sendable, Codable, Equatable {
    public var cronJobName: String?
    public var jobSelector: LabelSelector?
    public var schedule: String?
    public var timeZone: String?
    public var startGraceSeconds: Int64?
    public var maxDurationSeconds: Int64?
    /// A run that succeeds in fewer seconds than this is alerted `RunTooShort`; unset: no minimum.
    public var minDurationSeconds: Int64?
    public var onStuck: StuckPolicy?
    public var onOverlap: OverlapPolicy?
    public var failureThreshold: Int32?
    public var retention: RetentionPolicy?
    public var historyLimit: Int32?
    public var suspend: Bool?
    /// Fields present in the object that could not be read (never encoded).
    public var invalidFields: [InvalidSpecField] = []

    public init(
        cronJobName: String? = nil,
        jobSelector: LabelSelector? = nil,
        schedule: String? = nil,
        timeZone: String? = nil,
        startGraceSeconds: Int64? = nil,
        maxDurationSeconds: Int64? = nil,
        minDurationSeconds: Int64? = nil,
        onStuck: StuckPolicy? = nil,
        onOverlap: OverlapPolicy? = nil,
        failureThreshold: Int32? = nil,
        retention: RetentionPolicy? = nil,
        historyLimit: Int32? = nil,
        suspend: Bool? = nil
    ) {
        self.cronJobName = cronJobName
        self.jobSelector = jobSelector
        self.schedule = schedule
        self.timeZone = timeZone
        self.startGraceSeconds = startGraceSeconds
        self.maxDurationSeconds = maxDurationSeconds
        self.minDurationSeconds = minDurationSeconds
        self.onStuck = onStuck
        self.onOverlap = onOverlap
        self.failureThreshold = failureThreshold
        self.retention = retention
        self.historyLimit = historyLimit
        self.suspend = suspend
    }
}

/// `spec.onStuck`.
public enum StuckPolicy: String, Sendable, Codable, Equatable, CaseIterable {
    case alert = "Alert"
    /// Also end the Job natively through `spec.activeDeadlineSeconds`.
    case terminate = "Terminate"
}

/// `spec.onOverlap`.
public enum OverlapPolicy: String, Sendable, Codable, Equatable, CaseIterable {
    case alert = "Alert"
    /// Also end the newer Job natively.
    case terminateNewest = "TerminateNewest"
}

/// `spec.retention`: which finished Jobs of the monitor to delete.
public struct RetentionPolicy: Sendable, Codable, Equatable {
    public var keepSucceeded: Int32?
    public var keepFailed: Int32?
    public var maxAgeSeconds: Int64?

    public init(keepSucceeded: Int32? = nil, keepFailed: Int32? = nil, maxAgeSeconds: Int64? = nil) {
        self.keepSucceeded = keepSucceeded
        self.keepFailed = keepFailed
        self.maxAgeSeconds = maxAgeSeconds
    }
}

extension CronMonitorSpec {
    /// The CRD's defaults, in one place.
    public enum Defaults {
        public static let startGraceSeconds: Int64 = 300
        public static let onStuck = StuckPolicy.alert
        public static let onOverlap = OverlapPolicy.alert
        public static let failureThreshold: Int32 = 1
        public static let historyLimit: Int32 = 20
        public static let suspend = false
        public static let timeZone = "UTC"
    }

    public var resolvedStartGraceSeconds: Int64 { startGraceSeconds ?? Defaults.startGraceSeconds }
    public var resolvedOnStuck: StuckPolicy { onStuck ?? Defaults.onStuck }
    public var resolvedOnOverlap: OverlapPolicy { onOverlap ?? Defaults.onOverlap }
    public var resolvedFailureThreshold: Int32 { failureThreshold ?? Defaults.failureThreshold }
    public var resolvedHistoryLimit: Int32 { min(max(historyLimit ?? Defaults.historyLimit, 1), 100) }
    public var resolvedSuspend: Bool { suspend ?? Defaults.suspend }
}
