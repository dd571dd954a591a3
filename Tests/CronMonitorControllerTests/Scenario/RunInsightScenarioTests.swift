import CronMonitorAPI
import CronMonitorController
import Foundation
import KubeSim
import KubernetesClient
import KubernetesModel
import Testing

/// Why a run failed or never started, end to end: KubeSim's Job simulator creates the Pods of the
/// Jobs as the kubelet and the scheduler would write them, the operator watches them over HTTP
/// and explains the runs in their records and Events.
@Suite(.serialized, .timeLimit(.minutes(5))) struct RunInsightScenarioTests {
    static let yearly = OperatorScenarioTests.yearly

    @Test func anOOMKilledRunIsExplainedInItsRecordAndItsEvent() async throws {
        try await Cluster.with { cluster in
            let cronJob = try await cluster.createCronJob("backup", schedule: Self.yearly)
            try await cluster.createMonitor("backup", spec: CronMonitorSpec(cronJobName: "backup"))
            let job = try await cluster.createRun(
                of: cronJob, slot: OperatorScenarioTests.slot(minutesAgo: 1), outcome: "oom-killed")
            try await cluster.withOperator { _ in
                try await cluster.eventually("the failure is explained") {
                    try await cluster.monitor("backup").status?.runs?.first?.cause == "OOMKilled"
                }
                try await cluster.eventually("the failure is alerted") {
                    try await cluster.events(about: "backup").contains { $0.reason == "RunFailed" }
                }
            }
            let run = try #require(try await cluster.monitor("backup").status?.runs?.first)
            #expect(run.result == .failed)
            #expect(run.exitCode == 137)
            #expect(run.node?.isEmpty == false)
            #expect(run.pod?.hasPrefix(job.metadata.name ?? "?") == true)
            #expect(run.hint == "raise the container's memory limit")
            let note = try #require(try await cluster.events(about: "backup").first { $0.reason == "RunFailed" }?.note)
            #expect(note.contains("BackoffLimitExceeded; container main OOMKilled (exit 137) on node "), "\(note)")
            #expect(note.hasSuffix(": raise the container's memory limit"), "\(note)")
        }
    }

    @Test func aRunWhoseImageCannotBePulledIsPendingThenAlertedOnce() async throws {
        try await Cluster.with { cluster in
            let cronJob = try await cluster.createCronJob("etl", schedule: Self.yearly)
            try await cluster.createMonitor("etl", spec: CronMonitorSpec(cronJobName: "etl", startGraceSeconds: 2))
            try await cluster.createRun(
                of: cronJob, slot: OperatorScenarioTests.slot(minutesAgo: 0), outcome: "image-pull-backoff")
            try await cluster.withOperator(identity: "first") { _ in
                try await cluster.eventually("the run is pending with its cause") {
                    let run = try await cluster.monitor("etl").status?.runs?.first
                    return run?.result == .pending && run?.cause == "ImagePullBackOff"
                }
                try await cluster.eventually("the run is alerted RunNotStarted") {
                    try await cluster.events(about: "etl").contains { $0.reason == "RunNotStarted" }
                }
            }
            // A second operator finds the alert recorded and sends nothing again.
            try await cluster.withOperator(identity: "second") { _ in
                try await cluster.eventually("the second operator has judged the monitor") {
                    try await cluster.monitor("etl").status?.totals?.notStarted == 1
                }
            }
            let events = try await cluster.events(about: "etl").filter { $0.reason == "RunNotStarted" }
            #expect(events.count == 1)
            #expect(events.first?.note?.contains("container main ImagePullBackOff on node ") == true)
            #expect(events.first?.note?.contains("check the image name and tag, and the image pull secret") == true)
            let status = try #require(try await cluster.monitor("etl").status)
            #expect(status.conditions?.condition("Healthy")?.reason == "RunNotStarted")
            #expect(status.runs?.first?.alerted == ["RunNotStarted"])
        }
    }

    @Test func aRunWithNoPodIsAlertedNoPodCreated() async throws {
        try await Cluster.with { cluster in
            let cronJob = try await cluster.createCronJob("quota", schedule: Self.yearly)
            try await cluster.createMonitor("quota", spec: CronMonitorSpec(cronJobName: "quota", startGraceSeconds: 2))
            try await cluster.createRun(of: cronJob, slot: OperatorScenarioTests.slot(minutesAgo: 0), outcome: "no-pod")
            try await cluster.withOperator { _ in
                try await cluster.eventually("the run is alerted RunNotStarted") {
                    try await cluster.events(about: "quota").contains { $0.reason == "RunNotStarted" }
                }
            }
            let run = try #require(try await cluster.monitor("quota").status?.runs?.first)
            #expect(run.result == .pending)
            #expect(run.cause == "NoPodCreated")
            let note = try #require(try await cluster.events(about: "quota").first { $0.reason == "RunNotStarted" }?.note)
            #expect(note.contains("NoPodCreated: the Job controller created no Pod"), "\(note)")
        }
    }

    @Test func anUnschedulableRunCarriesTheSchedulersMessage() async throws {
        try await Cluster.with { cluster in
            let cronJob = try await cluster.createCronJob("big", schedule: Self.yearly)
            try await cluster.createMonitor("big", spec: CronMonitorSpec(cronJobName: "big", startGraceSeconds: 2))
            try await cluster.createRun(of: cronJob, slot: OperatorScenarioTests.slot(minutesAgo: 0), outcome: "unschedulable")
            try await cluster.withOperator { _ in
                try await cluster.eventually("the run is alerted RunNotStarted") {
                    try await cluster.events(about: "big").contains { $0.reason == "RunNotStarted" }
                }
            }
            let run = try #require(try await cluster.monitor("big").status?.runs?.first)
            #expect(run.cause == "Unschedulable")
            let note = try #require(try await cluster.events(about: "big").first { $0.reason == "RunNotStarted" }?.note)
            #expect(note.contains("Unschedulable: 0/"), "the scheduler's message: \(note)")
        }
    }
}
