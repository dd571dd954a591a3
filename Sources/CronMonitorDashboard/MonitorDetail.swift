import CronMonitorAPI
import CronMonitorController
import CronSchedule
import Foundation
import KubernetesModel

/// One monitor in full (`GET /api/v1/namespaces/{ns}/monitors/{name}`): its summary, the
/// schedule in plain English, the spec that matters, the run history, the daily history,
/// durations, totals, conditions and recent Events.
public struct MonitorDetail: Sendable, Codable, Equatable {
    public var summary: MonitorSummary
    /// The schedule in plain English (what `cronmonitor-operator schedule` prints), if it parses.
    public var scheduleDescription: String?
    /// The next slots of the schedule after now (at most `nextRunLimit`).
    public var nextRuns: [Time]
    public var spec: SpecView
    /// `status.runs` as the status holds them, newest first.
    public var runs: [RunRecord]
    /// `status.daily`, newest first (at most 90 days).
    public var daily: [DayView]
    public var durations: RunDurations?
    public var totals: RunTotals?
    public var conditions: [Condition]
    /// The monitor's recent Events, newest first: the alerts not yet written (from
    /// `status.pendingAlerts`), then the Events themselves (see `MonitorEventView`).
    public var events: [MonitorEventView]
    /// Why the Events cannot be shown, e.g. RBAC does not allow listing them; absent when they can.
    public var eventsUnavailable: String?

    public static let nextRunLimit = 5

    public init(_ monitor: CronMonitor, events recent: RecentMonitorEvents, now: Date) {
        let status = monitor.status
        let summary = MonitorSummary(monitor)
        self.summary = summary
        let schedule = summary.schedule.flatMap { try? CronJobSchedule($0, timeZone: summary.timeZone) }
        scheduleDescription = schedule?.englishDescription
        var nextRuns: [Time] = []
        var cursor = now
        while nextRuns.count < Self.nextRunLimit, let next = schedule?.next(after: cursor) {
            nextRuns.append(Time(next))
            cursor = next
        }
        self.nextRuns = nextRuns
        spec = SpecView(monitor.spec)
        runs = status?.runs ?? []
        daily = (status?.daily ?? []).map(DayView.init)
        durations = status?.durations
        totals = status?.totals
        conditions = status?.conditions ?? []
        events = MonitorEventView.recent(pending: status?.pendingAlerts ?? [], events: recent.events)
        eventsUnavailable = recent.unavailable
    }
}

/// The spec fields that decide how runs are judged, with the defaults applied.
public struct SpecView: Sendable, Codable, Equatable {
    public var startGraceSeconds: Int64
    public var maxDurationSeconds: Int64?
    public var minDurationSeconds: Int64?
    public var onStuck: String
    public var onOverlap: String
    public var failureThreshold: Int32
    public var historyLimit: Int32
    public var suspend: Bool
    public var retention: RetentionPolicy?

    init(_ spec: CronMonitorSpec) {
        startGraceSeconds = spec.resolvedStartGraceSeconds
        maxDurationSeconds = spec.maxDurationSeconds
        minDurationSeconds = spec.minDurationSeconds
        onStuck = spec.resolvedOnStuck.rawValue
        onOverlap = spec.resolvedOnOverlap.rawValue
        failureThreshold = spec.resolvedFailureThreshold
        historyLimit = spec.resolvedHistoryLimit
        suspend = spec.resolvedSuspend
        retention = spec.retention
    }
}

/// One day of `status.daily` (counts unset in status are 0 here).
public struct DayView: Sendable, Codable, Equatable {
    /// `YYYY-MM-DD` in the monitor's time zone.
    public var date: String
    public var runs: Int64
    public var succeeded: Int64
    public var failed: Int64
    public var missed: Int64
    public var stuck: Int64
    public var p95Seconds: Int64?

    init(_ day: DailyRuns) {
        date = day.date
        runs = day.runs ?? 0
        succeeded = day.succeeded ?? 0
        failed = day.failed ?? 0
        missed = day.missed ?? 0
        stuck = day.stuck ?? 0
        p95Seconds = day.p95Seconds
    }
}
