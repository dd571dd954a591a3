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
}
