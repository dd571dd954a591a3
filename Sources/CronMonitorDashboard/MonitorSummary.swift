import CronMonitorAPI
import KubernetesModel

/// One monitor on the overview (`GET /api/v1/monitors`): what tells at a glance whether its
/// scheduled work is fine.
public struct MonitorSummary: Sendable, Codable, Equatable {
    public var namespace: String
    public var name: String
    /// `CronJob/<name>`, or `selector <labels>`.
    public var target: String
    /// The cron expression (the CronJob's when the monitor names one), if known.
    public var schedule: String?
    public var timeZone: String?
    public var health: MonitorHealth
    /// The reason and message of the condition that decided `health`.
    public var healthReason: String?
    public var healthMessage: String?
    public var suspended: Bool
    public var lastResult: String?
    public var lastSuccessTime: Time?
    public var lastScheduleTime: Time?
    public var nextScheduleTime: Time?
    public var consecutiveFailures: Int32
    public var activeRuns: [ActiveRunView]
    /// The newest runs (at most `recentRunLimit`), newest first.
    public var recentRuns: [RecentRun]

    /// How many runs the overview's strip shows.
    public static let recentRunLimit = 30

    public init(_ monitor: CronMonitor) {
        let status = monitor.status
        namespace = monitor.metadata.namespace ?? ""
        name = monitor.metadata.name ?? ""
        target = Self.target(of: monitor)
        schedule = status?.resolvedSchedule ?? monitor.spec.schedule
        timeZone = status?.resolvedTimeZone ?? monitor.spec.timeZone
        health = MonitorHealth(status: status)
        let deciding = MonitorHealth.deciding(status)
        healthReason = deciding?.reason
        healthMessage = deciding?.message
        suspended = monitor.spec.resolvedSuspend
        lastResult = status?.lastResult?.rawValue
        lastSuccessTime = status?.lastSuccessTime
        lastScheduleTime = status?.lastScheduleTime
        nextScheduleTime = status?.nextScheduleTime
        consecutiveFailures = status?.consecutiveFailures ?? 0
        activeRuns = ActiveRunView.all(of: status)
        recentRuns = (status?.runs ?? []).prefix(Self.recentRunLimit).map(RecentRun.init)
    }

    /// What the monitor watches, as a reader would name it.
    static func target(of monitor: CronMonitor) -> String {
        if let cronJob = monitor.spec.cronJobName { return "CronJob/\(cronJob)" }
        guard let selector = monitor.spec.jobSelector else { return monitor.status?.target ?? "" }
        var parts = (selector.matchLabels ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        for requirement in selector.matchExpressions ?? [] {
            let values = requirement.values ?? []
            let list = values.isEmpty ? "" : " (\(values.joined(separator: ",")))"
            parts.append("\(requirement.key) \(requirement.operator.rawValue)\(list)")
        }
        return "selector " + parts.joined(separator: ", ")
    }
}

/// A run on the overview's strip: enough to draw and label its mark.
public struct RecentRun: Sendable, Codable, Equatable {
    public var jobName: String?
    public var scheduledTime: Time?
    public var startTime: Time?
    public var result: String
    public var durationSeconds: Int64?

    init(_ record: RunRecord) {
        jobName = record.jobName
        scheduledTime = record.scheduledTime
        startTime = record.startTime
        result = record.result.rawValue
        durationSeconds = record.durationSeconds
    }
}

/// A run in progress (or waiting to start), with what explains it when its record says.
public struct ActiveRunView: Sendable, Codable, Equatable {
    public var jobName: String
    public var scheduledTime: Time?
    public var startTime: Time?
    /// `Running`, or `Pending` when none of its Pods runs yet.
    public var result: String
    public var cause: String?
    public var hint: String?

    /// The active runs of `status`, joined with their run records (which say whether a run is
    /// pending and why).
    static func all(of status: CronMonitorStatus?) -> [ActiveRunView] {
        let records = status?.runs ?? []
        return (status?.activeRuns ?? []).map { active in
            let record = records.first { $0.uid == active.uid }
            let explanation = record.map(RunExplanation.init)
            return ActiveRunView(
                jobName: active.jobName, scheduledTime: active.scheduledTime,
                startTime: active.startTime ?? record?.startTime, result: record?.result.rawValue ?? RunResult.running.rawValue,
                cause: explanation?.cause, hint: explanation?.hint)
        }
    }
}
