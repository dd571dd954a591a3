import CronMonitorAPI
import CronMonitorController
import Foundation
import KubeSim
import KubernetesClient
import KubernetesModel
import Testing

/// The operator's composition root against KubeSim over real HTTP, with KubeSim's Job
/// simulator running the Jobs: one scenario per feature, each with an operator restart in the
/// middle, asserting the monitor's status, the Events and the Jobs left in the cluster.
@Suite(.serialized, .timeLimit(.minutes(5))) struct OperatorScenarioTests {
    /// A schedule that never comes due during a test, for scenarios that create runs by hand.
    static let yearly = "0 0 1 1 *"

    /// The start of the minute `minutes` ago: a slot as the CronJob controller names them.
    static func slot(minutesAgo minutes: Double) -> Date {
        Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60 - minutes * 60)
    }

    @Test func aFailureIsAlertedOnceAcrossARestartAndARecoveryFollows() async throws {
        try await Cluster.with { cluster in
            let cronJob = try await cluster.createCronJob("nightly", schedule: Self.yearly)
            try await cluster.createMonitor("nightly", spec: CronMonitorSpec(cronJobName: "nightly"))
            let failed = try await cluster.createRun(of: cronJob, slot: Self.slot(minutesAgo: 2), outcome: "fail")
            try await cluster.withOperator(identity: "first") { _ in
                try await cluster.eventually("the failure is recorded") {
                    try await cluster.monitor("nightly").status?.lastResult == .failed
                }
                try await cluster.eventually("the failure is alerted") {
                    try await cluster.events(about: "nightly").contains { $0.reason == "RunFailed" }
                }
            }
            let event = try #require(try await cluster.events(about: "nightly").first { $0.reason == "RunFailed" })
            #expect(event.type == "Warning")
            #expect(event.regarding?.kind == "CronMonitor")
            #expect(event.related?.name == failed.metadata.name)
            #expect(event.related?.kind == "Job")
            #expect(event.reportingController == "cronmonitor.io/operator")
            #expect(event.reportingInstance == "first")
            #expect(event.note?.contains(failed.metadata.name ?? "?") == true)

            try await cluster.createRun(of: cronJob, slot: Self.slot(minutesAgo: 1), outcome: "succeed")
            try await cluster.withOperator(identity: "second") { _ in
                try await cluster.eventually("the recovery is recorded and alerted") {
                    try await cluster.events(about: "nightly").contains { $0.reason == "Recovered" }
                }
            }
            let monitor = try await cluster.monitor("nightly")
            let status = try #require(monitor.status)
            #expect(status.lastResult == .succeeded)
            #expect(status.consecutiveFailures == 0)
            #expect(status.totals?.runs == 2)
            #expect(status.totals?.failed == 1)
            #expect(status.conditions?.condition("Healthy")?.status == .true)
            #expect(status.conditions?.condition("Ready")?.reason == "Resolved")
            #expect(status.observedGeneration == monitor.metadata.generation)
            let reasons = try await cluster.events(about: "nightly").map { $0.reason ?? "" }.sorted()
            #expect(reasons == ["Recovered", "RunFailed"], "the restart alerted nothing twice")
        }
    }

    @Test func aStuckRunIsTerminatedNativelyAndRecordedStuck() async throws {
        try await Cluster.with { cluster in
            let cronJob = try await cluster.createCronJob("report", schedule: Self.yearly)
            try await cluster.createMonitor(
                "report", spec: CronMonitorSpec(cronJobName: "report", maxDurationSeconds: 2, onStuck: .terminate))
            let job = try await cluster.createRun(of: cronJob, slot: Self.slot(minutesAgo: 1), outcome: "hang")
            let name = job.metadata.name ?? ""
            try await cluster.withOperator(identity: "first") { _ in
                try await cluster.eventually("the run is found stuck") {
                    try await cluster.monitor("report").status?.runs?.first?.result == .stuck
                }
            }
            try await cluster.withOperator(identity: "second") { _ in
                try await cluster.eventually("the Job controller fails the Job by its deadline") {
                    let job = try await cluster.client.get(BatchV1.Job.self, name: name, namespace: Cluster.namespace)
                    return job.status?.conditions?.contains { $0.type == "Failed" && $0.reason == "DeadlineExceeded" } == true
                }
                try await cluster.eventually("the end is recorded") {
                    try await cluster.monitor("report").status?.runs?.first?.finishTime != nil
                }
            }
            let run = try #require(try await cluster.monitor("report").status?.runs?.first)
            #expect(run.result == .stuck)
            #expect(run.reason == "Terminated")
            let ended = try await cluster.client.get(BatchV1.Job.self, name: name, namespace: Cluster.namespace)
            #expect(ended.spec.activeDeadlineSeconds != nil)
            let reasons = try await cluster.events(about: "report").map { $0.reason ?? "" }.sorted()
            #expect(reasons == ["RunStuck", "RunTerminated"])
            let terminated = try await cluster.events(about: "report").first { $0.reason == "RunTerminated" }
            #expect(terminated?.type == "Normal")
            #expect(terminated?.related?.name == name)
        }
    }

    @Test func retentionDeletesOldFinishedJobsOnly() async throws {
        try await Cluster.with { cluster in
            let cronJob = try await cluster.createCronJob("cleanup", schedule: Self.yearly)
            // The names as created: slots computed again at the end would shift at a minute boundary.
            var finished: [String] = []
            for minutes in [5.0, 4, 3] {
                let run = try await cluster.createRun(of: cronJob, slot: Self.slot(minutesAgo: minutes), outcome: "succeed")
                finished.append(run.metadata.name ?? "?")
            }
            let active = try await cluster.createRun(of: cronJob, slot: Self.slot(minutesAgo: 1), outcome: "hang")
            try await cluster.createMonitor(
                "cleanup", spec: CronMonitorSpec(cronJobName: "cleanup", retention: RetentionPolicy(keepSucceeded: 1)))
            try await cluster.withOperator(identity: "first") { _ in
                try await cluster.eventually("two finished Jobs are purged") {
                    try await cluster.jobNames().count == 2
                }
                try await cluster.eventually("the purge is counted") {
                    try await cluster.monitor("cleanup").status?.totals?.purged == 2
                }
            }
            try await cluster.withOperator(identity: "second") { operator_ in
                try await cluster.eventually("the second replica's caches sync") { operator_.isReady }
            }
            let left = try await cluster.jobNames()
            #expect(left.contains(active.metadata.name ?? "?"), "an active Job is never purged")
            #expect(left.contains(finished[2]), "the newest finished Job is kept")
            let purges = try await cluster.events(about: "cleanup").filter { $0.reason == "JobsPurged" }
            // One JobsPurged per reconcile that deleted any: together they name both deleted Jobs.
            let notes = purges.compactMap(\.note).joined(separator: "\n")
            for name in finished.prefix(2) {
                #expect(notes.contains(name))
            }
            #expect(purges.allSatisfy { $0.type == "Normal" })
            #expect(try await cluster.monitor("cleanup").status?.runs?.count == 4, "purged runs stay in the history")
        }
    }

    @Test func slotsMissedBeforeAndAcrossARestartAreAlertedOnceEach() async throws {
        try await Cluster.with { cluster in
            try await cluster.inThePast(300) {
                _ = try await cluster.createCronJob("every-minute", schedule: "* * * * *")
                try await cluster.createMonitor(
                    "every-minute", spec: CronMonitorSpec(cronJobName: "every-minute", startGraceSeconds: 20))
            }
            try await cluster.withOperator(identity: "first") { _ in
                try await cluster.eventually("missed slots are recorded") {
                    (try await cluster.monitor("every-minute").status?.totals?.missed ?? 0) >= 4
                }
            }
            let reconciles = ReconcileCounter()
            try await cluster.withOperator(identity: "second", observer: reconciles.observer) { _ in
                // The second replica has judged the monitor once: anything it alerted is in by now.
                try await reconciles.wait(forAtLeast: 1)
            }
            let status = try #require(try await cluster.monitor("every-minute").status)
            let missed = try await cluster.events(about: "every-minute").filter { $0.reason == "ScheduleMissed" }
            #expect(Int64(missed.count) == status.totals?.missed, "each missed slot alerted exactly once")
            #expect(Set(missed.compactMap(\.note)).count == missed.count)
            #expect(status.conditions?.condition("Healthy")?.reason == "ScheduleMissed")
            #expect(status.runs?.allSatisfy { $0.result == .missed && $0.reason == "NoJobCreated" } == true)
        }
    }
}
