import CronMonitorAPI
import CronMonitorController
import CronMonitorOperator
import Foundation
import KubeSim
import KubernetesClient
import KubernetesModel
import KubernetesTestSupport
import OperatorServices
import Testing

/// Faults are never silent, and no object can break a list or watch: the operator against
/// KubeSim with bad objects and failing resources.
@Suite(.serialized) struct FaultScenarioTests {
    static let skipped = "Skipping an object that cannot be decoded; fix or delete it"

    @Test func badMonitorsNeitherStopTheOthersNorGoUnreported() async throws {
        try await Cluster.with(installCRD: false) { cluster in
            _ = try await cluster.createCronJob("good", schedule: OperatorScenarioTests.yearly)
            try await cluster.withSchemalessCRD {
                try await cluster.createMonitor("good", spec: CronMonitorSpec(cronJobName: "good"))
                // A value an older or newer CRD version may allow.
                let kill: JSONValue = [
                    "apiVersion": "cronmonitor.io/v1alpha1", "kind": "CronMonitor",
                    "metadata": ["name": "kill", "namespace": .string(Cluster.namespace)],
                    "spec": ["cronJobName": "good", "onStuck": "Kill"],
                ]
                _ = try await cluster.client.create(
                    resource: CronMonitor.resource, namespace: Cluster.namespace, object: kill, as: JSONValue.self)
                // An object that does not decode at all (its status is garbage).
                try await cluster.createMonitor("garbled", spec: CronMonitorSpec(cronJobName: "good"))
                _ = try await cluster.client.patch(
                    resource: CronMonitor.resource, name: "garbled", namespace: Cluster.namespace,
                    patch: .merge(["status": ["conditions": "garbage"]]), subresource: .status, as: JSONValue.self)
            }

            let logs = CapturedLogs()
            try await cluster.withOperator(logger: logs.logger()) { replica in
                try await cluster.eventually("the valid monitor resolves") {
                    try await cluster.monitor("good").status?.conditions?.condition("Ready")?.reason == "Resolved"
                }
                try await cluster.eventually("the unreadable spec is reported") {
                    try await cluster.monitor("kill").status?.conditions?.condition("Ready")?.reason == "InvalidSpec"
                }
                try await cluster.eventually("the InvalidSpec Event is written") {
                    try await cluster.events(about: "kill").contains { $0.reason == "InvalidSpec" }
                }
                #expect(replica.isReady)
            }
            let ready = try #require(try await cluster.monitor("kill").status?.conditions?.condition("Ready"))
            #expect(ready.status == .false)
            #expect(ready.message.contains("spec.onStuck"))
            #expect(ready.message.contains("\"Kill\""))
            let event = try #require(try await cluster.events(about: "kill").first { $0.reason == "InvalidSpec" })
            #expect(event.type == "Warning")
            #expect(event.note == ready.message)

            let warning = try #require(logs.entries(Self.skipped).first)
            #expect(warning.level == .warning)
            #expect(warning.metadata["k8s.name"] == "garbled")
            #expect(warning.metadata["k8s.namespace"] == Cluster.namespace)
            #expect(warning.metadata["k8s.resource"] == "cronmonitors")
            #expect(warning.metadata["error"]?.contains("conditions") == true)
        }
    }

    @Test func aMissingCRDIsExplainedAndTheOperatorRecoversOnceItIsInstalled() async throws {
        try await Cluster.with(installCRD: false) { cluster in
            let logs = CapturedLogs()
            let metrics = OperatorMetrics()
            try await cluster.withOperator(observer: metrics.makeObserver(), logger: logs.logger()) { replica in
                try await cluster.eventually("the missing CRD is logged") {
                    logs.entries("Watch failed").contains { $0.metadata["k8s.resource"] == "cronmonitor.io/cronmonitors" }
                }
                let warning = try #require(logs.entries("Watch failed").first)
                #expect(warning.level == .warning)
                #expect(warning.metadata["http.code"] == "404")
                #expect(warning.metadata["k8s.namespace"] == "")
                #expect(warning.metadata["hint"] == WatchBoard.crdHint)
                #expect(WatchBoard.crdHint.contains("kubectl apply -f config/crd/bases/cronmonitor.io_cronmonitors.yaml"))
                try await cluster.eventually("the other caches sync") {
                    replica.readiness.lines.filter { $0.hasSuffix(": synced") }.count == 4
                }
                let report = replica.readiness
                #expect(!report.isReady)
                #expect(report.body.hasPrefix("not ready\n"))
                #expect(report.lines.contains {
                    $0.hasPrefix("cronmonitor.io/cronmonitors in all namespaces: not synced: 404: the CronMonitor CRD is not installed")
                })
                #expect(report.lines.contains("batch/jobs in all namespaces: synced"))
                #expect(metrics.exposition().contains(#"cronmonitor_watch_errors_total{resource="cronmonitors",code="404"}"#))

                try await cluster.installCRD()
                _ = try await cluster.createCronJob("late", schedule: OperatorScenarioTests.yearly)
                try await cluster.createMonitor("late", spec: CronMonitorSpec(cronJobName: "late"))
                try await cluster.eventually("the operator recovers by itself", timeout: .seconds(60)) {
                    try await cluster.monitor("late").status?.conditions?.condition("Ready")?.reason == "Resolved"
                }
                #expect(replica.isReady)
                #expect(replica.readiness.body.hasPrefix("ok\n"))
                let recovered = logs.entries("Watch recovered")
                #expect(recovered.count == 1)
                #expect(recovered.first?.level == .info)
                #expect(recovered.first?.metadata["k8s.resource"] == "cronmonitor.io/cronmonitors")
            }
        }
    }

    @Test func aForbiddenResourceIsExplainedRateLimitedAndRecovered() async throws {
        try await Cluster.with { cluster in
            cluster.faults.fail(InjectedFailure(code: 403, count: Int.max, verb: "list", resource: "jobs"))
            let logs = CapturedLogs()
            let metrics = OperatorMetrics()
            let failures = #"cronmonitor_watch_errors_total{resource="jobs",code="403"} "#
            try await cluster.withOperator(observer: metrics.makeObserver(), logger: logs.logger()) { replica in
                try await cluster.eventually("three lists of jobs have failed") {
                    metrics.exposition().split(separator: "\n").contains {
                        $0.hasPrefix(failures) && (Int($0.dropFirst(failures.count)) ?? 0) >= 3
                    }
                }
                let warnings = logs.entries("Watch failed").filter { $0.metadata["k8s.resource"] == "batch/jobs" }
                #expect(warnings.count == 1, "one line per minute, not one per failure")
                let warning = try #require(warnings.first)
                #expect(warning.metadata["http.code"] == "403")
                #expect(warning.metadata["k8s.verb"] == "list")
                #expect(
                    warning.metadata["hint"]
                        == "RBAC does not allow list batch/jobs in all namespaces: grant it in the ClusterRole")
                #expect(!replica.isReady)
                #expect(replica.readiness.lines.contains { $0.hasPrefix("batch/jobs in all namespaces: not synced: 403: RBAC") })
                #expect(replica.readiness.lines.contains("cronmonitor.io/cronmonitors in all namespaces: synced"))

                cluster.faults.reset()
                try await cluster.eventually("the operator recovers by itself", timeout: .seconds(60)) { replica.isReady }
                try await cluster.eventually("the recovery is logged") {
                    logs.entries("Watch recovered").contains { $0.metadata["k8s.resource"] == "batch/jobs" }
                }
            }
        }
    }

    /// Pods are optional to the operator's work: without them it judges runs as before (never
    /// `Pending`) and says, in its log and `/readyz`, what is missing.
    @Test func withoutPodsTheOperatorStillJudgesRunsAndSaysWhatIsMissing() async throws {
        try await Cluster.with { cluster in
            cluster.faults.fail(InjectedFailure(code: 403, count: Int.max, verb: "list", resource: "pods"))
            cluster.faults.fail(InjectedFailure(code: 403, count: Int.max, verb: "get", resource: "pods"))
            let logs = CapturedLogs()
            let cronJob = try await cluster.createCronJob("nightly", schedule: OperatorScenarioTests.yearly)
            try await cluster.createMonitor("nightly", spec: CronMonitorSpec(cronJobName: "nightly"))
            try await cluster.createRun(
                of: cronJob, slot: OperatorScenarioTests.slot(minutesAgo: 1), outcome: "oom-killed")
            try await cluster.withOperator(logger: logs.logger()) { replica in
                try await cluster.eventually("the failure is recorded without its cause") {
                    try await cluster.monitor("nightly").status?.runs?.first?.result == .failed
                }
                try await cluster.eventually("the Pod watch failure is logged") {
                    logs.entries("Watch failed").contains { $0.metadata["k8s.resource"] == "pods" }
                }
                #expect(!replica.isReady)
                #expect(
                    replica.readiness.lines.contains {
                        $0.hasPrefix("pods in all namespaces (labels batch.kubernetes.io/controller-uid): not synced: 403: RBAC")
                    }, "\(replica.readiness.lines)")
                let forbidden = logs.entries(startingWith: "RBAC forbids").map(\.message)
                #expect(forbidden.contains { $0.hasPrefix("RBAC forbids get on pods") && $0.contains("runs are not explained") }, "\(forbidden)")
            }
            #expect(try await cluster.monitor("nightly").status?.runs?.first?.cause == nil)
        }
    }

    /// A run judged before the Pods could be listed is judged again once they can, even when no
    /// Pod event will ever come (a Job that created none): it does not stay `Running`.
    @Test func runsJudgedBeforeThePodsSyncedAreJudgedAgain() async throws {
        try await Cluster.with { cluster in
            cluster.faults.fail(InjectedFailure(code: 503, count: Int.max, verb: "list", resource: "pods"))
            let cronJob = try await cluster.createCronJob("quota", schedule: OperatorScenarioTests.yearly)
            try await cluster.createMonitor("quota", spec: CronMonitorSpec(cronJobName: "quota", startGraceSeconds: 1))
            try await cluster.createRun(of: cronJob, slot: OperatorScenarioTests.slot(minutesAgo: 0), outcome: "no-pod")
            try await cluster.withOperator { replica in
                try await cluster.eventually("the run is judged without its Pods") {
                    try await cluster.monitor("quota").status?.runs?.first?.result == .running
                }
                #expect(!replica.isReady)
                cluster.faults.reset()
                try await cluster.eventually("the run is judged again: no Pod was created") {
                    try await cluster.events(about: "quota").contains { $0.reason == "RunNotStarted" }
                }
            }
            let run = try #require(try await cluster.monitor("quota").status?.runs?.first)
            #expect(run.result == .pending)
            #expect(run.cause == "NoPodCreated")
        }
    }

    @Test func theStartupCheckNamesEachMissingPermissionAndWhatItBreaks() async throws {
        try await Cluster.with { cluster in
            // RBAC without `patch` on Jobs and without `create` on Events (both APIs).
            cluster.faults.fail(InjectedFailure(code: 403, count: Int.max, verb: "patch", resource: "jobs"))
            cluster.faults.fail(InjectedFailure(code: 403, count: Int.max, verb: "create", resource: "events"))
            let logs = CapturedLogs()
            try await cluster.withOperator(logger: logs.logger()) { replica in
                try await cluster.eventually("the caches sync") { replica.isReady }
                let forbids = logs.entries(startingWith: "RBAC forbids")
                #expect(forbids.count == 3, "\(forbids.map(\.message))")  // patch jobs, create events (either API)
                let jobs = try #require(forbids.first { $0.message.hasPrefix("RBAC forbids patch on batch/jobs") })
                #expect(jobs.level == .warning)
                #expect(jobs.message.contains("stuck and overlapping runs cannot be ended cluster-wide"))
                #expect(jobs.metadata["hint"]?.contains("service account") == true)
                #expect(forbids.contains { $0.message.hasPrefix("RBAC forbids create on events.k8s.io/events: alerts") })
                #expect(forbids.contains { $0.message.hasPrefix("RBAC forbids create on events: alerts") })
                #expect(logs.entries(startingWith: "Startup check passed").isEmpty)
            }
        }
    }

    @Test func aSoundInstallSaysSoOnceAtStartup() async throws {
        try await Cluster.with { cluster in
            let logs = CapturedLogs()
            try await cluster.withOperator(logger: logs.logger()) { replica in
                try await cluster.eventually("the startup check passes") { !logs.entries(startingWith: "Startup check passed").isEmpty }
                #expect(logs.entries(startingWith: "RBAC forbids").isEmpty)
                #expect(logs.entries("Watch failed").isEmpty)
            }
        }
    }
}
