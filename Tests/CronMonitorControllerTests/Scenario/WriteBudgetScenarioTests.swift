import CronMonitorAPI
import CronMonitorController
import Foundation
import KubeSim
import KubernetesClient
import KubernetesModel
import Testing

/// The write budget: a reconcile that changes nothing writes nothing; a change is one status PATCH.
@Suite struct WriteBudgetScenarioTests {
    @Test func aNoOpReconcileWritesNothingAndAChangeWritesOneStatusPatch() async throws {
        try await Cluster.with { cluster in
            let cronJob = try await cluster.createCronJob("quiet", schedule: OperatorScenarioTests.yearly)
            try await cluster.createMonitor("quiet", spec: CronMonitorSpec(cronJobName: "quiet"))
            try await cluster.withOperator { _ in
                try await cluster.eventually("the monitor is resolved") {
                    try await cluster.monitor("quiet").status?.conditions?.condition("Ready")?.status == .true
                }
                try await Task.sleep(for: .seconds(1))
                let settled = cluster.recorder.count("patch", "cronmonitors/status")
                #expect(settled == 1, "one status write resolves a new monitor")

                // Touch the monitor without changing what it judges: it is reconciled, nothing is written.
                var monitor = try await cluster.monitor("quiet")
                monitor.metadata.labels = ["touched": "yes"]
                _ = try await cluster.client.replace(monitor)
                try await Task.sleep(for: .seconds(2))
                #expect(cluster.recorder.count("patch", "cronmonitors/status") == settled)

                // A run starts: exactly one status PATCH records it.
                try await cluster.createRun(
                    of: cronJob, slot: OperatorScenarioTests.slot(minutesAgo: 1), outcome: "hang")
                try await cluster.eventually("the run is recorded") {
                    try await cluster.monitor("quiet").status?.active == 1
                }
                try await Task.sleep(for: .seconds(2))
                #expect(cluster.recorder.count("patch", "cronmonitors/status") == settled + 1)
                #expect(cluster.recorder.count("update", "cronmonitors/status") == 0)
                #expect(cluster.recorder.count("patch", "jobs") == 0)
            }
        }
    }
}
