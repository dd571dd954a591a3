import CronMonitorAPI
import CronMonitorController
import Foundation
import KubeSim
import KubernetesClient
import KubernetesModel
import Testing

/// The write budget: a reconcile that changes nothing writes nothing; a change is one status
/// PATCH; a restart over correct statuses writes nothing. Each "nothing" is asserted only after
/// the reconciles in question are seen to have finished.
@Suite struct WriteBudgetScenarioTests {
    @Test(.timeLimit(.minutes(2)))
    func aNoOpReconcileWritesNothingAChangeWritesOneStatusPatchARestartNothing() async throws {
        try await Cluster.with { cluster in
            let cronJob = try await cluster.createCronJob("quiet", schedule: OperatorScenarioTests.yearly)
            try await cluster.createMonitor("quiet", spec: CronMonitorSpec(cronJobName: "quiet"))
            let reconciles = ReconcileCounter()
            try await cluster.withOperator(observer: reconciles.observer) { _ in
                try await cluster.eventually("the monitor is resolved") {
                    try await cluster.monitor("quiet").status?.conditions?.condition("Ready")?.status == .true
                }
                try await reconciles.wait(forAtLeast: 1)
                let settled = cluster.recorder.count("patch", "cronmonitors/status")
                #expect(settled == 1, "one status write resolves a new monitor")

                // Its CronJob changes without changing what the monitor judges: a reconcile, no write.
                var before = reconciles.count
                try await Self.touch(cronJob, in: cluster, concurrencyPolicy: "Forbid")
                try await reconciles.wait(forAtLeast: before + 1)
                #expect(cluster.recorder.count("patch", "cronmonitors/status") == settled)

                // A run starts: one status PATCH records it. At most one more when the Job's start,
                // set by its controller, fell in a later second than its creation and the operator
                // saw the Job before it started, and one more when the operator saw the run before
                // its Pod started (Pending, then Running): each is a change of its own.
                let job = try await cluster.createRun(
                    of: cronJob, slot: OperatorScenarioTests.slot(minutesAgo: 1), outcome: "hang")
                var started: Time?
                try await cluster.eventually("the run is recorded with its start") {
                    let current = try await cluster.client.get(
                        BatchV1.Job.self, name: job.metadata.name ?? "", namespace: Cluster.namespace)
                    started = current.status?.startTime
                    let run = try await cluster.monitor("quiet").status?.activeRuns?.first
                    return started != nil && run?.startTime == started
                }
                before = reconciles.count
                try await Self.touch(cronJob, in: cluster, concurrencyPolicy: "Allow")
                try await reconciles.wait(forAtLeast: before + 1)
                let changes = (started == job.metadata.creationTimestamp ? 1 : 2) + 1
                let written = cluster.recorder.count("patch", "cronmonitors/status") - settled
                #expect(written >= 1 && written <= changes, "\(written) status writes for \(changes) change(s)")
                #expect(cluster.recorder.count("update", "cronmonitors/status") == 0)
                #expect(cluster.recorder.count("patch", "jobs") == 0)
            }

            // A new replica over the correct status reconciles the monitor and writes nothing.
            let written = cluster.recorder.count("patch", "cronmonitors/status")
            let restarted = ReconcileCounter()
            try await cluster.withOperator(identity: "replica-b", observer: restarted.observer) { _ in
                try await restarted.wait(forAtLeast: 1)
                #expect(cluster.recorder.count("patch", "cronmonitors/status") == written)
            }
        }
    }

    /// Changes the CronJob's concurrency policy (which explains missed slots, and this monitor has
    /// none): its monitor is reconciled and nothing it judges changes.
    static func touch(_ cronJob: BatchV1.CronJob, in cluster: Cluster, concurrencyPolicy: String) async throws {
        _ = try await cluster.client.patch(
            BatchV1.CronJob.self, name: cronJob.metadata.name ?? "", namespace: Cluster.namespace,
            patch: .merge(["spec": ["concurrencyPolicy": .string(concurrencyPolicy)]]))
    }
}
