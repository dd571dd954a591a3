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
@Suite(.serialized) struct OperatorScenarioTests {
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
            for minutes in [5.0, 4, 3] {
                try await cluster.createRun(of: cronJob, slot: Self.slot(minutesAgo: minutes), outcome: "succeed")
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
            #expect(left.contains("cleanup-\(Int64(Self.slot(minutesAgo: 3).timeIntervalSince1970) / 60)"))
            let purges = try await cluster.events(about: "cleanup").filter { $0.reason == "JobsPurged" }
            // One JobsPurged per reconcile that deleted any: together they name both deleted Jobs.
            let notes = purges.compactMap(\.note).joined(separator: "\n")
            for minutes in [5.0, 4] {
                #expect(notes.contains("cleanup-\(Int64(Self.slot(minutesAgo: minutes).timeIntervalSince1970) / 60)"))
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
            try await cluster.withOperator(identity: "second") { operator_ in
                try await cluster.eventually("the second replica's caches sync") { operator_.isReady }
                try await Task.sleep(for: .seconds(1))
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

/// Overlaps, duplicates, selector targets and leader election against KubeSim.
@Suite(.serialized) struct OperatorConcurrencyScenarioTests {
    @Test func anOverlappingRunIsEndedAndADuplicateIsReported() async throws {
        try await Cluster.with { cluster in
            let cronJob = try await cluster.createCronJob("sync", schedule: OperatorScenarioTests.yearly)
            try await cluster.createRun(of: cronJob, slot: OperatorScenarioTests.slot(minutesAgo: 2), outcome: "hang")
            let newer = try await cluster.createRun(
                of: cronJob, slot: OperatorScenarioTests.slot(minutesAgo: 1), outcome: "hang")
            try await cluster.createMonitor(
                "sync", spec: CronMonitorSpec(cronJobName: "sync", onOverlap: .terminateNewest))
            let newerName = newer.metadata.name ?? ""
            try await cluster.withOperator(identity: "first") { _ in
                try await cluster.eventually("the newer run is recorded terminated") {
                    try await cluster.monitor("sync").status?.runs?.first { $0.jobName == newerName }?.result == .terminated
                }
            }
            // A separate CronJob whose slot runs twice, one run after the other (no overlap).
            let daily = try await cluster.createCronJob("daily", schedule: OperatorScenarioTests.yearly)
            try await cluster.createMonitor("daily", spec: CronMonitorSpec(cronJobName: "daily"))
            let slot = OperatorScenarioTests.slot(minutesAgo: 2)
            try await cluster.createRun(of: daily, slot: slot, outcome: "succeed")
            try await cluster.withOperator(identity: "second") { _ in
                try await cluster.eventually("the newer Job is failed by its deadline") {
                    let job = try await cluster.client.get(BatchV1.Job.self, name: newerName, namespace: Cluster.namespace)
                    return job.status?.conditions?.contains { $0.reason == "DeadlineExceeded" } == true
                }
                try await cluster.eventually("the first run of the slot succeeds") {
                    try await cluster.monitor("daily").status?.lastResult == .succeeded
                }
                try await cluster.createRun(of: daily, slot: slot, outcome: "succeed", name: "daily-rerun")
                try await cluster.eventually("the duplicate is reported") {
                    try await cluster.events(about: "daily").contains { $0.reason == "DuplicateRun" }
                }
            }
            let status = try #require(try await cluster.monitor("sync").status)
            #expect(status.runs?.first { $0.jobName == newerName }?.reason == "Overlap")
            #expect(status.totals?.overlaps == 1)
            let events = try await cluster.events(about: "sync")
            #expect(events.map { $0.reason ?? "" }.sorted() == ["OverlappingRuns", "RunTerminated"])
            #expect(events.first { $0.reason == "OverlappingRuns" }?.related?.name == newerName)

            let dailyStatus = try #require(try await cluster.monitor("daily").status)
            #expect(dailyStatus.runs?.first { $0.jobName == "daily-rerun" }?.result == .duplicate)
            #expect(dailyStatus.totals?.duplicates == 1)
            let dailyEvents = try await cluster.events(about: "daily")
            #expect(dailyEvents.map { $0.reason ?? "" } == ["DuplicateRun"])
            #expect(dailyEvents.first?.related?.name == "daily-rerun")
        }
    }

    @Test func aSelectorMonitorFollowsJobsOfAnyCreator() async throws {
        try await Cluster.with { cluster in
            try await cluster.createMonitor(
                "etl", spec: CronMonitorSpec(
                    jobSelector: LabelSelector(matchLabels: ["app": "etl"]), schedule: OperatorScenarioTests.yearly))
            try await cluster.createJob("etl-a", labels: ["app": "etl"], outcome: "fail")
            try await cluster.createJob("web-a", labels: ["app": "web"], outcome: "fail")
            try await cluster.withOperator { _ in
                try await cluster.eventually("the matching Job's failure is alerted") {
                    try await cluster.events(about: "etl").contains { $0.reason == "RunFailed" }
                }
            }
            try await cluster.createJob("etl-b", labels: ["app": "etl"], outcome: "succeed")
            try await cluster.withOperator(identity: "second") { _ in
                try await cluster.eventually("the next matching Job recovers the monitor") {
                    try await cluster.events(about: "etl").contains { $0.reason == "Recovered" }
                }
            }
            let status = try #require(try await cluster.monitor("etl").status)
            #expect(status.target == "selector: app=etl")
            #expect(Set(status.runs?.compactMap(\.jobName) ?? []) == ["etl-a", "etl-b"], "web-a is not selected")
            let reasons = try await cluster.events(about: "etl").map { $0.reason ?? "" }.sorted()
            #expect(reasons == ["Recovered", "RunFailed"], "the restart alerted nothing twice")
        }
    }

    @Test func twoReplicasWithLeaderElectionAlertEachIncidentOnce() async throws {
        try await Cluster.with { cluster in
            let cronJob = try await cluster.createCronJob("backup", schedule: OperatorScenarioTests.yearly)
            try await cluster.createMonitor("backup", spec: CronMonitorSpec(cronJobName: "backup"))
            let (first, firstTask) = cluster.startOperator(identity: "replica-a", leaderElect: true)
            let (second, secondTask) = cluster.startOperator(identity: "replica-b", leaderElect: true)
            defer {
                firstTask.cancel()
                secondTask.cancel()
            }
            try await cluster.eventually("both caches sync") { first.isReady && second.isReady }
            try await cluster.createRun(of: cronJob, slot: OperatorScenarioTests.slot(minutesAgo: 3), outcome: "fail")
            try await cluster.eventually("the first failure is alerted") {
                try await cluster.events(about: "backup").filter { $0.reason == "RunFailed" }.count == 1
            }
            // Stop whichever replica leads (gracefully: it releases the lease).
            let lease = try await cluster.client.get(
                CoordinationV1.Lease.self, name: "cronmonitor-operator", namespace: Cluster.namespace)
            let leader = lease.spec.holderIdentity
            #expect(leader == "replica-a" || leader == "replica-b")
            let survivor = leader == "replica-a" ? "replica-b" : "replica-a"
            let leaderTask = leader == "replica-a" ? firstTask : secondTask
            leaderTask.cancel()
            _ = await leaderTask.result
            try await cluster.createRun(of: cronJob, slot: OperatorScenarioTests.slot(minutesAgo: 2), outcome: "fail")
            try await cluster.eventually("the survivor takes over and alerts the second failure") {
                try await cluster.events(about: "backup").filter { $0.reason == "RunFailed" }.count == 2
            }
            try await Task.sleep(for: .seconds(1))
            let failures = try await cluster.events(about: "backup").filter { $0.reason == "RunFailed" }
            #expect(failures.count == 2, "each failure alerted once")
            #expect(Set(failures.compactMap(\.related?.name)).count == 2)
            #expect(failures.contains { $0.reportingInstance == survivor })
            #expect(try await cluster.monitor("backup").status?.totals?.failed == 2)
        }
    }
}

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
