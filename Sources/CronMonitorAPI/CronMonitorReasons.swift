/// Condition types, condition reasons and Event reasons of the CronMonitor API.
public enum CronMonitorCondition {
    /// The spec is valid and the target resolved.
    public static let ready = "Ready"
    /// The newest run and the schedule are fine.
    public static let healthy = "Healthy"
}

/// Reasons of the `Ready` condition.
public enum ReadyReason {
    public static let resolved = "Resolved"
    public static let invalidSpec = "InvalidSpec"
    public static let cronJobNotFound = "CronJobNotFound"
    public static let invalidSchedule = "InvalidSchedule"
    public static let unknownTimeZone = "UnknownTimeZone"
    /// The schedule has no slot within five years of now (for example `0 0 30 2 *`).
    public static let scheduleNeverFires = "ScheduleNeverFires"
}

/// Reasons of the `Healthy` condition.
public enum HealthyReason {
    public static let succeeded = "Succeeded"
    public static let runFailed = "RunFailed"
    public static let runStuck = "RunStuck"
    public static let scheduleMissed = "ScheduleMissed"
    /// A run's Job exists but none of its Pods started within `startGraceSeconds`.
    public static let runNotStarted = "RunNotStarted"
    public static let suspended = "Suspended"
    public static let noRunsYet = "NoRunsYet"
    /// The newest run failed, but fewer times in a row than `failureThreshold`.
    public static let failuresBelowThreshold = "FailuresBelowThreshold"
}

/// Event reasons (the alerts).
public enum EventReason: String, Sendable, CaseIterable {
    // Warning
    case runFailed = "RunFailed"
    case runStuck = "RunStuck"
    case runTooShort = "RunTooShort"
    case runNotStarted = "RunNotStarted"
    case scheduleMissed = "ScheduleMissed"
    case overlappingRuns = "OverlappingRuns"
    case duplicateRun = "DuplicateRun"
    case invalidSpec = "InvalidSpec"
    case cronJobNotFound = "CronJobNotFound"
    // Normal
    case recovered = "Recovered"
    case runTerminated = "RunTerminated"
    case jobsPurged = "JobsPurged"

    public var isWarning: Bool {
        switch self {
        case .runFailed, .runStuck, .runTooShort, .runNotStarted, .scheduleMissed, .overlappingRuns, .duplicateRun, .invalidSpec,
            .cronJobNotFound:
            true
        case .recovered, .runTerminated, .jobsPurged:
            false
        }
    }
}
