import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesClient
import KubernetesModel
import OperatorServices
import Testing

/// `/metrics` after a scenario: the operator's Prometheus registry, fed by its observer hooks
/// and its API transport, holds the per-monitor and controller series with the right values.
@Suite(.timeLimit(.minutes(5))) struct MetricsScenarioTests {
    @Test func metricsFollowAFailureAndASuccess() async throws {
        try await Cluster.with { cluster in
            let metrics = OperatorMetrics()
            let client = KubernetesClient(transport: MetricsTransport(base: cluster.recorder, metrics: metrics))
            let cronJob = try await cluster.createCronJob("nightly", schedule: OperatorScenarioTests.yearly)
            try await cluster.createMonitor("nightly", spec: CronMonitorSpec(cronJobName: "nightly", failureThreshold: 2))
            try await cluster.createRun(of: cronJob, slot: OperatorScenarioTests.slot(minutesAgo: 3), outcome: "fail")
            try await cluster.createRun(of: cronJob, slot: OperatorScenarioTests.slot(minutesAgo: 2), outcome: "succeed")
            try await cluster.createRun(of: cronJob, slot: OperatorScenarioTests.slot(minutesAgo: 1), outcome: "hang")
            try await cluster.withOperator(observer: metrics.makeObserver(), client: client) { _ in
                try await cluster.eventually("both finished runs are recorded") {
                    let totals = try await cluster.monitor("nightly").status?.totals
                    return totals?.failed == 1 && totals?.succeeded == 1
                }
                try await cluster.eventually("the metrics show them") {
                    metrics.exposition().contains(#"cronmonitor_runs_total{namespace="demo",monitor="nightly",result="succeeded"} 1"#)
                }
            }
            let text = metrics.exposition()
            let series = #"namespace="demo",monitor="nightly""#
            for line in [
                #"cronmonitor_runs_total{\#(series),result="failed"} 1"#,
                #"cronmonitor_runs_total{\#(series),result="succeeded"} 1"#,
                "cronmonitor_active_runs{\(series)} 1",
                "cronmonitor_consecutive_failures{\(series)} 0",
                "cronmonitor_healthy{\(series)} 1",
                #"cronmonitor_health{\#(series),status="True",reason="Succeeded"} 1"#,
                "cronmonitor_leader 1",
            ] {
                #expect(text.contains(line), "missing \(line)")
            }
            #expect(text.contains("cronmonitor_last_success_timestamp_seconds{\(series)}"))
            #expect(text.contains("cronmonitor_run_duration_seconds_count{\(series)} 2"))
            #expect(text.contains(#"cronmonitor_reconcile_total{result="success"}"#))
            #expect(text.contains("cronmonitor_reconcile_duration_seconds_bucket"))
            #expect(text.contains("cronmonitor_watch_events_total"))
            #expect(text.contains("cronmonitor_workqueue_depth"))
            #expect(text.contains(#"cronmonitor_api_requests_total{verb="PATCH",code="200"}"#))
            #expect(text.contains(#"cronmonitor_api_requests_total{verb="WATCH",code="200"}"#))
        }
    }
}
