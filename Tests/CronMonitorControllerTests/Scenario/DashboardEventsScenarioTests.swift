import CronMonitorAPI
import CronMonitorController
import CronMonitorDashboard
import CronMonitorOperator
import Foundation
import KubeSim
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import KubernetesTestSupport
import Logging
import Testing

/// The dashboard's "Recent Events" against KubeSim over HTTP: the Events the operator writes,
/// read back through the Events cache (list+watch with a field selector) into the detail JSON.
@Suite(.timeLimit(.minutes(3))) struct DashboardEventsScenarioTests {
    @Test func theDetailListsAFailureAndItsRecoveryWithTheNotesTheEventsCarry() async throws {
        try await Cluster.with { cluster in
            let cronJob = try await cluster.createCronJob("nightly", schedule: OperatorScenarioTests.yearly)
            try await cluster.createMonitor("nightly", spec: CronMonitorSpec(cronJobName: "nightly"))
            try await cluster.createRun(of: cronJob, slot: OperatorScenarioTests.slot(minutesAgo: 2), outcome: "fail")
            try await cluster.withOperator(cachesEvents: true) { replica in
                try await withDashboard(of: replica) { get in
                    try await cluster.eventually("the failure is listed") {
                        try await Self.reasons(get()) == ["RunFailed"]
                    }
                    try await cluster.createRun(
                        of: cronJob, slot: OperatorScenarioTests.slot(minutesAgo: 1), outcome: "succeed")
                    try await cluster.eventually("the recovery is listed, newest first") {
                        try await Self.reasons(get()) == ["Recovered", "RunFailed"]
                    }
                    let detail = try await get()
                    #expect(detail["eventsUnavailable"] == nil)
                    let listed = try #require(detail["events"] as? [[String: Any]])
                    let written = try await cluster.events(about: "nightly")
                    for reason in ["RunFailed", "Recovered"] {
                        let event = try #require(written.first { $0.reason == reason })
                        let shown = try #require(listed.first { $0["reason"] as? String == reason })
                        #expect(shown["note"] as? String == event.note)
                        #expect(shown["type"] as? String == event.type)
                        #expect(shown["name"] as? String == event.metadata.name)
                        #expect(shown["written"] as? Bool == true)
                    }
                    #expect(listed.first?["type"] as? String == "Normal")
                }
            }
        }
    }

    @Test func aForbiddenEventsListIsLoggedAndShownWhileTheOperatorWorks() async throws {
        try await Cluster.with { cluster in
            cluster.faults.fail(InjectedFailure(code: 403, count: 1_000_000, verb: "list", resource: "events"))
            let cronJob = try await cluster.createCronJob("nightly", schedule: OperatorScenarioTests.yearly)
            try await cluster.createMonitor("nightly", spec: CronMonitorSpec(cronJobName: "nightly"))
            try await cluster.createRun(of: cronJob, slot: OperatorScenarioTests.slot(minutesAgo: 2), outcome: "fail")
            let logs = CapturedLogs()
            try await cluster.withOperator(logger: logs.logger(), cachesEvents: true) { replica in
                try await cluster.eventually("the missing permission is logged") {
                    logs.entries("Watch failed").contains { $0.metadata["k8s.resource"] == "events.k8s.io/events" }
                }
                let warning = try #require(logs.entries("Watch failed").first { $0.metadata["k8s.resource"] == "events.k8s.io/events" })
                #expect(warning.level == .warning)
                #expect(warning.metadata["http.code"] == "403")
                #expect(warning.metadata["hint"]?.contains(MonitorEventCaches.forbiddenHint) == true)
                #expect(warning.metadata["hint"]?.contains("RBAC does not allow list events.k8s.io/events") == true)
                // Reconciles go on (the Event is written: only listing is forbidden), and readiness
                // does not wait for the Events.
                try await cluster.eventually("the failure is recorded and alerted") {
                    try await cluster.monitor("nightly").status?.runs?.first?.alerted?.contains("RunFailed") == true
                }
                try await cluster.eventually("the operator is ready") { replica.isReady && replica.readiness.isReady }
                try await withDashboard(of: replica) { get in
                    try await cluster.eventually("the monitor is served") { try await !get().isEmpty }
                    let detail = try await get()
                    let unavailable = try #require(detail["eventsUnavailable"] as? String)
                    #expect(unavailable.contains("RBAC does not allow list events.k8s.io/events"))
                    #expect((detail["events"] as? [Any])?.isEmpty == true)
                }
            }
        }
    }

    @Test func whereEventsK8sIoIsNotServedTheCoreEventsAreRead() async throws {
        try await Cluster.with { cluster in
            // The first list of events.k8s.io Events answers 404 for the collection.
            cluster.faults.fail(InjectedFailure(code: 404, count: 1, verb: "list", resource: "events"))
            let cronJob = try await cluster.createCronJob("nightly", schedule: OperatorScenarioTests.yearly)
            try await cluster.createMonitor("nightly", spec: CronMonitorSpec(cronJobName: "nightly"))
            let logs = CapturedLogs()
            try await cluster.withOperator(logger: logs.logger(), cachesEvents: true) { replica in
                try await withDashboard(of: replica) { get in
                    try await cluster.eventually("the core v1 Events are listed") {
                        try await get()["eventsUnavailable"] == nil && !logs.entries(startingWith: "events.k8s.io/v1 not served").isEmpty
                    }
                    // A later Event arrives through the core v1 watch.
                    try await cluster.createRun(of: cronJob, slot: OperatorScenarioTests.slot(minutesAgo: 2), outcome: "fail")
                    try await cluster.eventually("the failure is listed") { try await Self.reasons(get()) == ["RunFailed"] }
                }
            }
        }
    }

    static func reasons(_ detail: [String: Any]) -> [String] {
        (detail["events"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String }
    }

    /// Serves the dashboard of `replica` on a free loopback port while `body` runs; `body` gets
    /// a function that GETs the detail JSON of the monitor `nightly` (empty while it is unknown).
    func withDashboard(
        of replica: Operator<ContinuousClock>, _ body: (@Sendable () async throws -> [String: Any]) async throws -> Void
    ) async throws {
        let server = DashboardServer(
            host: "127.0.0.1", port: 0, monitors: MonitorSource(caches: replica.caches, events: replica.events),
            logger: Logger(label: "dashboard"))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run { continuation.yield($0) } }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let url = try #require(URL(string: "http://127.0.0.1:\(port)"))
            let client = try CurlTransport(
                configuration: ClusterConfiguration(
                    server: url, tls: TLSSettings(), credentials: StaticCredentials(), namespace: nil))
            try await body {
                let response = try await client.send(
                    HTTPRequest(method: .get, path: "/api/v1/namespaces/\(Cluster.namespace)/monitors/nightly"))
                // 404 until the monitors cache has it.
                guard response.status == 200 else { return [:] }
                let object = try JSONSerialization.jsonObject(with: response.body)
                return try #require(object as? [String: Any])
            }
            group.cancelAll()
        }
    }
}
