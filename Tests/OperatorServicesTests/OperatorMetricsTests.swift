import CronMonitorAPI
import Foundation
import KubernetesModel
import KubernetesRuntime
import Testing

@testable import OperatorServices

@Suite struct OperatorMetricsTests {
    let monitor = ["namespace": "team-a", "monitor": "backup"]

    func status(
        succeeded: Int64 = 0, failed: Int64 = 0, missed: Int64 = 0, duplicates: Int64 = 0,
        runs: [RunRecord] = [], healthy: ConditionStatus? = nil
    ) -> CronMonitorStatus {
        var status = CronMonitorStatus()
        var totals = RunTotals()
        totals.succeeded = succeeded
        totals.failed = failed
        totals.missed = missed
        totals.duplicates = duplicates
        status.totals = totals
        status.runs = runs
        if let healthy {
            status.conditions = [
                Condition(type: "Healthy", status: healthy, lastTransitionTime: Time(secondsSinceEpoch: 0), reason: "R", message: "m")
            ]
        }
        return status
    }

    func finished(_ uid: String, seconds: Int64, result: RunResult = .succeeded) -> RunRecord {
        RunRecord(
            jobName: "job-\(uid)", uid: uid, startTime: Time(secondsSinceEpoch: 1000),
            finishTime: Time(secondsSinceEpoch: 1000 + seconds), result: result)
    }

    func labels(_ extra: [String: String]) -> [String: String] {
        monitor.merging(extra) { _, new in new }
    }

    @Test func buildInfoCarriesTheVersion() {
        let text = Exposition(OperatorMetrics().exposition())
        #expect(text["cronmonitor_build_info", ["version": OperatorVersion.current]] == 1)
        #expect(text.types["cronmonitor_build_info"] == "gauge")
    }

    @Test func runsTotalFollowsStatusTotalsByDelta() {
        let metrics = OperatorMetrics()
        let observer = metrics.makeObserver()
        observer.monitorStatus("team-a", "backup", status(succeeded: 3, failed: 1))
        var text = Exposition(metrics.exposition())
        #expect(text["cronmonitor_runs_total", labels(["result": "succeeded"])] == 3)
        #expect(text["cronmonitor_runs_total", labels(["result": "failed"])] == 1)
        #expect(text["cronmonitor_runs_total", labels(["result": "missed"])] == 0)
        #expect(text.types["cronmonitor_runs_total"] == "counter")

        observer.monitorStatus("team-a", "backup", status(succeeded: 5, failed: 1, missed: 2, duplicates: 1))
        text = Exposition(metrics.exposition())
        #expect(text["cronmonitor_runs_total", labels(["result": "succeeded"])] == 5)
        #expect(text["cronmonitor_runs_total", labels(["result": "failed"])] == 1)
        #expect(text["cronmonitor_runs_total", labels(["result": "missed"])] == 2)
        #expect(text["cronmonitor_runs_total", labels(["result": "duplicate"])] == 1)

        // A total that goes down is a new baseline; the counter never decreases.
        observer.monitorStatus("team-a", "backup", status(succeeded: 1))
        observer.monitorStatus("team-a", "backup", status(succeeded: 2))
        text = Exposition(metrics.exposition())
        #expect(text["cronmonitor_runs_total", labels(["result": "succeeded"])] == 6)
    }

    /// Runs that never started and runs that succeeded too fast are results of their own; no
    /// label names a Pod or a node (their number is unbounded).
    @Test func runsTotalCountsRunsNotStartedAndTooShort() {
        let metrics = OperatorMetrics()
        let observer = metrics.makeObserver()
        var current = status(succeeded: 4)
        current.totals?.notStarted = 2
        current.totals?.tooShort = 1
        observer.monitorStatus("team-a", "backup", current)
        let exposition = metrics.exposition()
        let text = Exposition(exposition)
        #expect(text["cronmonitor_runs_total", labels(["result": "not_started"])] == 2)
        #expect(text["cronmonitor_runs_total", labels(["result": "too_short"])] == 1)
        #expect(!exposition.contains("pod=\""))
        #expect(!exposition.contains("node=\""))
    }

    @Test func eventsAreCountedByReasonAndOutcome() {
        let metrics = OperatorMetrics()
        let observer = metrics.makeObserver()
        observer.eventRecorded("RunStuck", .emitted)
        observer.eventRecorded("RunStuck", .folded)
        observer.eventRecorded("RunStuck", .folded)
        let text = Exposition(metrics.exposition())
        #expect(text["cronmonitor_events_total", ["reason": "RunStuck", "outcome": "emitted"]] == 1)
        #expect(text["cronmonitor_events_total", ["reason": "RunStuck", "outcome": "folded"]] == 2)
        #expect(text["cronmonitor_events_total", ["reason": "RunStuck", "outcome": "failed"]] == nil)
        #expect(text.types["cronmonitor_events_total"] == "counter")
    }

    @Test func runDurationObservesEachFinishedRunOnce() {
        let metrics = OperatorMetrics()
        let observer = metrics.makeObserver()
        let running = RunRecord(jobName: "job-c", uid: "c", startTime: Time(secondsSinceEpoch: 1), result: .running)
        let missed = RunRecord(scheduledTime: Time(secondsSinceEpoch: 5), result: .missed)
        observer.monitorStatus("team-a", "backup", status(runs: [finished("a", seconds: 40), running, missed]))
        observer.monitorStatus("team-a", "backup", status(runs: [finished("a", seconds: 40), running, missed]))
        var text = Exposition(metrics.exposition())
        #expect(text["cronmonitor_run_duration_seconds_count", monitor] == 1)
        #expect(text["cronmonitor_run_duration_seconds_sum", monitor] == 40)
        #expect(text["cronmonitor_run_duration_seconds_bucket", labels(["le": "30.0"])] == 0)
        #expect(text["cronmonitor_run_duration_seconds_bucket", labels(["le": "60.0"])] == 1)

        var withDuration = finished("c", seconds: 999, result: .failed)
        withDuration.durationSeconds = 600
        observer.monitorStatus("team-a", "backup", status(runs: [withDuration, finished("a", seconds: 40)]))
        text = Exposition(metrics.exposition())
        #expect(text["cronmonitor_run_duration_seconds_count", monitor] == 2)
        #expect(text["cronmonitor_run_duration_seconds_sum", monitor] == 640)
    }

    @Test func gaugesFollowTheStatus() {
        let metrics = OperatorMetrics()
        let observer = metrics.makeObserver()
        var current = status(healthy: .false)
        current.active = 2
        current.consecutiveFailures = 3
        observer.monitorStatus("team-a", "backup", current)
        var text = Exposition(metrics.exposition())
        #expect(text["cronmonitor_active_runs", monitor] == 2)
        #expect(text["cronmonitor_consecutive_failures", monitor] == 3)
        #expect(text["cronmonitor_healthy", monitor] == 0)
        #expect(text["cronmonitor_last_success_timestamp_seconds", monitor] == nil)

        current.conditions = status(healthy: .true).conditions
        current.lastSuccessTime = Time(secondsSinceEpoch: 1_700_000_000)
        current.active = nil
        current.activeRuns = [ActiveRun(jobName: "j", uid: "u")]
        current.consecutiveFailures = 0
        observer.monitorStatus("team-a", "backup", current)
        text = Exposition(metrics.exposition())
        #expect(text["cronmonitor_healthy", monitor] == 1)
        #expect(text["cronmonitor_last_success_timestamp_seconds", monitor] == 1_700_000_000)
        #expect(text["cronmonitor_active_runs", monitor] == 1)
        #expect(text["cronmonitor_consecutive_failures", monitor] == 0)
    }

    @Test func deletingAMonitorRemovesOnlyItsSeries() {
        let metrics = OperatorMetrics()
        let observer = metrics.makeObserver()
        var current = status(succeeded: 1, runs: [finished("a", seconds: 3)], healthy: .true)
        current.lastSuccessTime = Time(secondsSinceEpoch: 10)
        observer.monitorStatus("team-a", "backup", current)
        observer.monitorStatus("team-b", "report", current)
        #expect(Exposition(metrics.exposition()).contains("monitor=\"backup\""))

        observer.monitorDeleted("team-a", "backup")
        let text = Exposition(metrics.exposition())
        #expect(!text.contains("monitor=\"backup\""))
        #expect(text["cronmonitor_healthy", ["namespace": "team-b", "monitor": "report"]] == 1)
        #expect(text["cronmonitor_runs_total", ["namespace": "team-b", "monitor": "report", "result": "succeeded"]] == 1)

        // Seen again after deletion: counted from scratch.
        observer.monitorStatus("team-a", "backup", current)
        #expect(Exposition(metrics.exposition())["cronmonitor_runs_total", labels(["result": "succeeded"])] == 1)
    }

    @Test func controllerHooksFeedTheControllerSeries() {
        let metrics = OperatorMetrics()
        let observer = metrics.makeObserver()
        observer.controller.reconciled(.milliseconds(20), false)
        observer.controller.reconciled(.milliseconds(30), false)
        observer.controller.reconciled(.seconds(3), true)
        observer.controller.watchEvents(5)
        observer.controller.watchEvents(2)
        observer.queueDepth(7)
        observer.leader(true)
        metrics.apiRequest(verb: "GET", code: "200")
        metrics.apiRequest(verb: "GET", code: "200")
        metrics.apiRequest(verb: "PATCH", code: "409")

        var text = Exposition(metrics.exposition())
        #expect(text["cronmonitor_reconcile_total", ["result": "success"]] == 2)
        #expect(text["cronmonitor_reconcile_total", ["result": "error"]] == 1)
        #expect(text["cronmonitor_reconcile_duration_seconds_count"] == 3)
        #expect(abs((text["cronmonitor_reconcile_duration_seconds_sum"] ?? 0) - 3.05) < 1e-9)
        #expect(text["cronmonitor_reconcile_duration_seconds_bucket", ["le": "0.025"]] == 1)
        #expect(text["cronmonitor_watch_events_total"] == 7)
        #expect(text["cronmonitor_workqueue_depth"] == 7)
        #expect(text["cronmonitor_leader"] == 1)
        #expect(text["cronmonitor_api_requests_total", ["verb": "GET", "code": "200"]] == 2)
        #expect(text["cronmonitor_api_requests_total", ["verb": "PATCH", "code": "409"]] == 1)

        observer.leader(false)
        observer.queueDepth(0)
        text = Exposition(metrics.exposition())
        #expect(text["cronmonitor_leader"] == 0)
        #expect(text["cronmonitor_workqueue_depth"] == 0)
    }

    @Test func registriesAreIsolated() {
        let first = OperatorMetrics()
        let second = OperatorMetrics()
        first.apiRequest(verb: "GET", code: "200")
        #expect(Exposition(first.exposition())["cronmonitor_api_requests_total", ["verb": "GET", "code": "200"]] == 1)
        #expect(Exposition(second.exposition())["cronmonitor_api_requests_total", ["verb": "GET", "code": "200"]] == nil)
    }

    /// The per-monitor families are rendered apart from the registry: each family is declared
    /// once (help, then type) before its samples, whatever the number of monitors, and the
    /// histogram's buckets are cumulative.
    @Test func everyFamilyIsDeclaredOnceBeforeItsSamples() {
        let metrics = OperatorMetrics()
        let observer = metrics.makeObserver()
        var current = status(succeeded: 2, runs: [finished("a", seconds: 3), finished("b", seconds: 100)], healthy: .true)
        current.lastSuccessTime = Time(secondsSinceEpoch: 10)
        observer.monitorStatus("team-b", "report", current)
        observer.monitorStatus("team-a", "backup", current)
        observer.controller.watchEvents(1)
        let lines = metrics.exposition().split(separator: "\n").map(String.init)

        var declared: [String] = []
        var currentFamily: String?
        for (index, line) in lines.enumerated() {
            if line.hasPrefix("# TYPE ") {
                let name = String(line.split(separator: " ")[2])
                #expect(!declared.contains(name), "\(name) declared twice")
                #expect(index > 0 && lines[index - 1].hasPrefix("# HELP \(name) "))
                declared.append(name)
                currentFamily = name
            } else if !line.hasPrefix("#"), let family = currentFamily {
                #expect(line.hasPrefix(family), "\(line) outside its family \(family)")
            }
        }
        for family in [
            "cronmonitor_runs_total", "cronmonitor_run_duration_seconds", "cronmonitor_last_success_timestamp_seconds",
            "cronmonitor_active_runs", "cronmonitor_consecutive_failures", "cronmonitor_healthy", "cronmonitor_health",
        ] {
            #expect(declared.contains(family))
        }
        let backup = lines.filter { $0.contains("monitor=\"backup\"") }
        let report = lines.filter { $0.contains("monitor=\"report\"") }
        #expect(backup.count == report.count)
        #expect(lines.firstIndex { $0.contains("monitor=\"backup\"") } ?? 0 < lines.firstIndex { $0.contains("monitor=\"report\"") } ?? 0)

        let text = Exposition(lines.joined(separator: "\n"))
        #expect(text["cronmonitor_run_duration_seconds_bucket", labels(["le": "1.0"])] == 0)
        #expect(text["cronmonitor_run_duration_seconds_bucket", labels(["le": "5.0"])] == 1)
        #expect(text["cronmonitor_run_duration_seconds_bucket", labels(["le": "120.0"])] == 2)
        #expect(text["cronmonitor_run_duration_seconds_bucket", labels(["le": "86400.0"])] == 2)
        #expect(text["cronmonitor_run_duration_seconds_bucket", labels(["le": "+Inf"])] == 2)
        #expect(text.types["cronmonitor_run_duration_seconds"] == "histogram")
    }

    /// A run longer than the largest bucket is counted only in `+Inf`.
    @Test func aRunAboveEveryBucketCountsOnlyInInf() {
        let metrics = OperatorMetrics()
        metrics.monitorStatus(namespace: "team-a", name: "backup", status: status(runs: [finished("a", seconds: 100_000)]))
        let text = Exposition(metrics.exposition())
        #expect(text["cronmonitor_run_duration_seconds_bucket", labels(["le": "86400.0"])] == 0)
        #expect(text["cronmonitor_run_duration_seconds_bucket", labels(["le": "+Inf"])] == 1)
        #expect(text["cronmonitor_run_duration_seconds_sum", monitor] == 100_000)
    }

    /// Label values are escaped as the text format asks (backslash, double quote, line feed).
    @Test func labelValuesAreEscaped() {
        let metrics = OperatorMetrics()
        metrics.monitorStatus(namespace: "odd\\ns", name: "a\"b\nc", status: status(succeeded: 1))
        let text = metrics.exposition()
        #expect(text.contains(#"cronmonitor_runs_total{namespace="odd\\ns",monitor="a\"b\nc",result="succeeded"} 1"#))
    }

    @Test func noMonitorNoMonitorFamilies() {
        let text = OperatorMetrics().exposition()
        #expect(!text.contains("cronmonitor_runs_total"))
        #expect(!text.contains("cronmonitor_health{"))
        #expect(text.contains("cronmonitor_build_info"))
    }

    /// The exposition streams in pieces of about the size asked (a piece ends after the monitor
    /// that reaches it), which together are the whole text.
    @Test func theExpositionStreamsInPiecesOfBoundedSize() {
        let metrics = OperatorMetrics()
        for index in 0..<300 {
            var current = status(succeeded: Int64(index), runs: [finished("u\(index)", seconds: 3)], healthy: .true)
            current.lastSuccessTime = index.isMultiple(of: 2) ? Time(secondsSinceEpoch: 10) : nil
            metrics.monitorStatus(namespace: "team-\(index % 3)", name: "monitor-\(index)", status: current)
        }
        let pieces = Array(metrics.expositionPieces(pieceBytes: 4096))
        #expect(pieces.count > 50)
        #expect(String(decoding: pieces.joined(), as: UTF8.self) == metrics.exposition())
        for piece in pieces.dropFirst().dropLast() {
            #expect(piece.count >= 4096 && piece.count < 4096 + 2048, "\(piece.count) bytes")
        }
        #expect(Array(OperatorMetrics().expositionPieces()).count == 1, "the registry's series alone")
    }
}
