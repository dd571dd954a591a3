import CronMonitorAPI
import CronMonitorController
import Foundation
import KubeSim
import KubernetesClient
import KubernetesModel
import Testing

/// Overlaps, duplicates, selector targets and leader election against KubeSim.
@Suite(.serialized, .timeLimit(.minutes(5))) struct OperatorConcurrencyScenarioTests {
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
            let reconciles = ["replica-a": ReconcileCounter(), "replica-b": ReconcileCounter()]
            let (first, firstTask) = cluster.startOperator(
                identity: "replica-a", leaderElect: true, observer: reconciles["replica-a"]?.observer ?? OperatorObserver())
            let (second, secondTask) = cluster.startOperator(
                identity: "replica-b", leaderElect: true, observer: reconciles["replica-b"]?.observer ?? OperatorObserver())
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
            // One more reconcile by the survivor (its CronJob changes): it alerts nothing again.
            let survivorReconciles = try #require(reconciles[survivor])
            let before = survivorReconciles.count
            try await WriteBudgetScenarioTests.touch(cronJob, in: cluster, concurrencyPolicy: "Forbid")
            try await survivorReconciles.wait(forAtLeast: before + 1)
            let failures = try await cluster.events(about: "backup").filter { $0.reason == "RunFailed" }
            #expect(failures.count == 2, "each failure alerted once")
            #expect(Set(failures.compactMap(\.related?.name)).count == 2)
            #expect(failures.contains { $0.reportingInstance == survivor })
            #expect(try await cluster.monitor("backup").status?.totals?.failed == 2)
        }
    }
}
