import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime
import Logging

/// Monitors as the cache holds them, for the dashboard's tests.
enum Fixtures {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)
    static let markup = "<img src=x onerror=alert(1)>"

    static func time(_ offset: Int64) -> Time { Time(secondsSinceEpoch: Int64(now.timeIntervalSince1970) + offset) }

    static func condition(_ type: String, _ status: ConditionStatus, _ reason: String, _ message: String = "") -> Condition {
        Condition(type: type, status: status, lastTransitionTime: time(-3600), reason: reason, message: message)
    }

    /// A monitor of CronJob `name` whose newest run failed with a message holding markup.
    static func failing(namespace: String = "team-a", name: String = "backup") -> CronMonitor {
        var status = CronMonitorStatus()
        status.conditions = [
            condition(CronMonitorCondition.ready, .true, ReadyReason.resolved),
            condition(CronMonitorCondition.healthy, .false, HealthyReason.runFailed, "Job \(name)-2 failed: \(markup)"),
        ]
        status.resolvedSchedule = "*/5 * * * *"
        status.resolvedTimeZone = "UTC"
        status.lastResult = .failed
        status.consecutiveFailures = 1
        status.lastSuccessTime = time(-600)
        status.nextScheduleTime = time(300)
        status.activeRuns = [ActiveRun(jobName: "\(name)-3", uid: "u3", scheduledTime: time(-20), startTime: time(-18))]
        status.runs = [
            RunRecord(
                jobName: "\(name)-3", uid: "u3", scheduledTime: time(-20), result: .pending, cause: "ImagePullBackOff",
                hint: "check the image name and the pull secret"),
            RunRecord(
                jobName: "\(name)-2", uid: "u2", scheduledTime: time(-320), startTime: time(-318), finishTime: time(-300),
                durationSeconds: 18, result: .failed, reason: "BackoffLimitExceeded", message: markup, pod: "\(name)-2-x7k2p",
                node: "node-1", exitCode: 137, cause: "OOMKilled", hint: "raise the container's memory limit",
                alerted: ["RunFailed"]),
            RunRecord(
                jobName: "\(name)-1", uid: "u1", scheduledTime: time(-620), startTime: time(-618), finishTime: time(-600),
                durationSeconds: 18, result: .succeeded),
        ]
        status.durations = RunDurations(p50Seconds: 18, p95Seconds: 18, maxSeconds: 18)
        status.daily = [DailyRuns(date: "2026-05-28", runs: 2, succeeded: 1, failed: 1, p95Seconds: 18)]
        var totals = RunTotals()
        totals.runs = 3
        totals.succeeded = 1
        totals.failed = 1
        status.totals = totals
        return CronMonitor(
            metadata: ObjectMeta(name: name, namespace: namespace, uid: "m-\(name)"),
            spec: CronMonitorSpec(cronJobName: name, maxDurationSeconds: 600), status: status)
    }

    /// A selector monitor that is healthy.
    static func healthy(namespace: String = "team-b", name: String = "etl") -> CronMonitor {
        var status = CronMonitorStatus()
        status.conditions = [
            condition(CronMonitorCondition.ready, .true, ReadyReason.resolved),
            condition(CronMonitorCondition.healthy, .true, HealthyReason.succeeded),
        ]
        status.resolvedSchedule = "0 2 * * *"
        status.lastResult = .succeeded
        return CronMonitor(
            metadata: ObjectMeta(name: name, namespace: namespace, uid: "m-\(name)"),
            spec: CronMonitorSpec(jobSelector: LabelSelector(matchLabels: ["app": "etl"]), schedule: "0 2 * * *"),
            status: status)
    }

    /// An Events cache (synced) holding `events`.
    static func events(_ events: [MonitorEvent]) -> MonitorEventCaches {
        let caches = MonitorEventCaches(namespaces: [], logger: Logger(label: "test"))
        caches.entries[nil]?.cache.apply(.restarted(events))
        return caches
    }

    /// An Event about the monitor with `uid`, last seen `offset` seconds from now.
    static func event(
        _ name: String, uid: String, reason: String, type: String, note: String, count: Int = 1, at offset: Int64
    ) -> MonitorEvent {
        MonitorEvent(
            key: ObjectKey(namespace: "team-a", name: name), reason: reason, type: type, note: note, count: count,
            firstTime: time(offset - 600).date, lastTime: time(offset).date,
            regarding: .init(uid: uid, namespace: "team-a", name: "backup"), reportingController: "cronmonitor.io/operator")
    }

    /// Caches holding `monitors` (one cluster-wide store).
    static func caches(_ monitors: [CronMonitor]) -> Caches {
        let caches = Caches(namespaces: [])
        caches.monitors.stores[nil]?.apply(.restarted(monitors))
        return caches
    }
}
