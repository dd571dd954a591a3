import CronMonitorAPI
import CronMonitorController
import Foundation
import KubeSim
import KubernetesClient
import KubernetesModel
import Synchronization
import Testing

/// A fleet converges and then stays quiet: 200 ordinary selector monitors and one whose Jobs were
/// all created and started in the same second and outnumber its `historyLimit`.
@Suite struct FleetScenarioTests {
    static let ordinary = 200
    static let sameSecondMonitor = "lumpy"

    @Test(.timeLimit(.minutes(3))) func aFleetWithSameSecondJobsConvergesAndStopsWriting() async throws {
        try await Cluster.with { cluster in
            let expected = try await Self.seedFleet(in: cluster)
            let reconciles = MonitorReconciles()
            try await cluster.withOperator(observer: reconciles.observer) { _ in
                try await cluster.eventually("all \(expected.count) statuses are correct", timeout: .seconds(90)) {
                    let monitors = try await cluster.client.listAll(CronMonitor.self, namespace: Cluster.namespace).items
                    return monitors.count == expected.count
                        && monitors.allSatisfy { expected[$0.metadata.name ?? ""] == FleetTotals($0.status) }
                }
                let written = cluster.recorder.count("patch", "cronmonitors/status")

                // Touch one Job of every monitor (a label: nothing the monitor judges changes, but
                // the cached Job does, so its monitor is reconciled), wait until each monitor was
                // reconciled again, then no status PATCH may have been made.
                let before = reconciles.counts
                let touch = Patch.merge(["metadata": ["labels": ["fleet.test/touched": "yes"]]])
                for monitor in expected.keys {
                    _ = try await cluster.client.patch(
                        BatchV1.Job.self, name: Self.firstJob(of: monitor), namespace: Cluster.namespace, patch: touch)
                }
                try await cluster.eventually("every monitor is reconciled once more", timeout: .seconds(60)) {
                    let now = reconciles.counts
                    return expected.keys.allSatisfy { (now[$0] ?? 0) > (before[$0] ?? 0) }
                }
                #expect(cluster.recorder.count("patch", "cronmonitors/status") == written, "a converged fleet writes nothing")
            }
            let monitors = try await cluster.client.listAll(CronMonitor.self, namespace: Cluster.namespace).items
            for monitor in monitors {
                let name = monitor.metadata.name ?? ""
                #expect(FleetTotals(monitor.status) == expected[name], "\(name)")
            }
        }
    }

    /// Seeds the Jobs straight into KubeSim's store (finished, with past creation times, so no
    /// Job simulator touches them), then creates the monitors. Returns each monitor's expected
    /// totals. Every time is half past some hour, days ago: outside the yearly slot's grace window
    /// and before the monitors existed (nothing is alerted).
    private static func seedFleet(in cluster: Cluster) async throws -> [String: FleetTotals] {
        let hour = (Date().timeIntervalSince1970 / 3_600).rounded(.down) * 3_600
        let base = Date(timeIntervalSince1970: hour - 2 * 86_400 + 1_800)
        var expected: [String: FleetTotals] = [:]

        // 12 Jobs created and started in one second, finishing 10 s apart; historyLimit 5.
        var outcomes: [Bool] = []
        for index in 0..<12 {
            let failed = index % 4 == 1
            outcomes.append(failed)
            try seedJob(
                in: cluster, name: "\(sameSecondMonitor)-\(index)", monitor: sameSecondMonitor,
                created: base, start: base, finish: base.addingTimeInterval(Double(60 + index * 10)), failed: failed)
        }
        expected[sameSecondMonitor] = FleetTotals(outcomes: outcomes, historyLimit: 5)
        try await cluster.createMonitor(sameSecondMonitor, spec: spec(sameSecondMonitor, historyLimit: 5))

        // Ordinary monitors: one to four Jobs each, an hour apart, a few failed.
        for monitor in 0..<ordinary {
            let name = "etl-\(monitor)"
            let outcomes = (0..<(1 + monitor % 4)).map { (monitor + $0) % 7 == 3 }
            for (index, failed) in outcomes.enumerated() {
                let start = base.addingTimeInterval(Double(-3_600 * (4 - index) + monitor % 600))
                try seedJob(
                    in: cluster, name: "\(name)-\(index)", monitor: name, created: start.addingTimeInterval(-1),
                    start: start, finish: start.addingTimeInterval(Double(20 + monitor % 40)), failed: failed)
            }
            expected[name] = FleetTotals(outcomes: outcomes, historyLimit: 20)
            try await cluster.createMonitor(name, spec: spec(name, historyLimit: nil))
        }
        return expected
    }

    private static func firstJob(of monitor: String) -> String { "\(monitor)-0" }

    private static func spec(_ monitor: String, historyLimit: Int32?) -> CronMonitorSpec {
        CronMonitorSpec(
            jobSelector: LabelSelector(matchLabels: ["app": monitor]), schedule: OperatorScenarioTests.yearly,
            historyLimit: historyLimit)
    }

    private static func seedJob(
        in cluster: Cluster, name: String, monitor: String, created: Date, start: Date, finish: Date, failed: Bool
    ) throws {
        let ended = JSONValue.string(Time(finish).description)
        let status: JSONValue = failed
            ? [
                "startTime": .string(Time(start).description), "failed": 1, "active": 0,
                "conditions": [
                    ["type": "FailureTarget", "status": "True", "reason": "BackoffLimitExceeded", "lastTransitionTime": ended],
                    ["type": "Failed", "status": "True", "reason": "BackoffLimitExceeded", "lastTransitionTime": ended],
                ],
            ]
            : [
                "startTime": .string(Time(start).description), "completionTime": ended, "succeeded": 1, "active": 0,
                "conditions": [
                    ["type": "SuccessCriteriaMet", "status": "True", "reason": "CompletionsReached", "lastTransitionTime": ended],
                    ["type": "Complete", "status": "True", "reason": "CompletionsReached", "lastTransitionTime": ended],
                ],
            ]
        let job: JSONValue = [
            "apiVersion": "batch/v1", "kind": "Job",
            "metadata": ["name": .string(name), "labels": ["app": .string(monitor)]],
            "spec": ["template": ["spec": ["restartPolicy": "Never", "containers": [["name": "main", "image": "busybox"]]]]],
            "status": status,
        ]
        _ = try cluster.store.seed(.jobs, namespace: Cluster.namespace, object: job, createdAt: created)
    }
}

/// The counts a monitor's status must show: each Job once, by outcome, and a trimmed history.
private struct FleetTotals: Equatable, CustomStringConvertible {
    var runs: Int64
    var succeeded: Int64
    var failed: Int64
    var history: Int

    init(outcomes failures: [Bool], historyLimit: Int) {
        runs = Int64(failures.count)
        failed = Int64(failures.filter { $0 }.count)
        succeeded = runs - failed
        history = min(historyLimit, failures.count)
    }

    init(_ status: CronMonitorStatus?) {
        runs = status?.totals?.runs ?? 0
        succeeded = status?.totals?.succeeded ?? 0
        failed = status?.totals?.failed ?? 0
        history = status?.runs?.count ?? 0
    }

    var description: String { "runs \(runs), succeeded \(succeeded), failed \(failed), history \(history)" }
}

/// Finished reconciles per monitor (those that reported a status), from the operator's observer:
/// stricter than a total count, which one busy monitor could fill.
private final class MonitorReconciles: Sendable {
    private let reconciled = Mutex<[String: Int]>([:])

    var counts: [String: Int] { reconciled.withLock { $0 } }

    var observer: OperatorObserver {
        OperatorObserver(monitorStatus: { [self] _, name, _ in
            reconciled.withLock { $0[name, default: 0] += 1 }
        })
    }
}
