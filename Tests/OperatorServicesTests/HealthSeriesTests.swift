import CronMonitorAPI
import Foundation
import KubernetesModel
import Testing

@testable import OperatorServices

/// `cronmonitor_health`: one series per monitor, set to 1, whose labels are its health state.
@Suite struct HealthSeriesTests {
    static let monitor = ["namespace": "team-a", "monitor": "backup"]

    static func status(ready: (ConditionStatus, String)? = nil, healthy: (ConditionStatus, String)?) -> CronMonitorStatus {
        var status = CronMonitorStatus()
        let at = Time(secondsSinceEpoch: 0)
        status.conditions = [
            ready.map { Condition(type: "Ready", status: $0.0, lastTransitionTime: at, reason: $0.1, message: "m") },
            healthy.map { Condition(type: "Healthy", status: $0.0, lastTransitionTime: at, reason: $0.1, message: "m") },
        ].compactMap { $0 }
        return status
    }

    /// The monitor's `cronmonitor_health` series as `status/reason`, with their values.
    static func health(_ text: String) -> [String: Double] {
        var found: [String: Double] = [:]
        for (key, value) in Exposition(text).samples where key.hasPrefix("cronmonitor_health{") {
            guard key.contains("monitor=\"backup\"") else { continue }
            let status = Self.label("status", in: key) ?? "?"
            found["\(status)/\(Self.label("reason", in: key) ?? "?")"] = value
        }
        return found
    }

    static func label(_ name: String, in key: String) -> String? {
        guard let range = key.range(of: "\(name)=\"") else { return nil }
        return key[range.upperBound...].split(separator: "\"").first.map(String.init)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var ready: (ConditionStatus, String)?
        var healthy: (ConditionStatus, String)?
        var expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no runs yet", ready: (.true, "Resolved"), healthy: (.unknown, "NoRunsYet"), expected: "Unknown/NoRunsYet"),
        Case(name: "suspended", ready: (.true, "Resolved"), healthy: (.unknown, "Suspended"), expected: "Unknown/Suspended"),
        Case(name: "failed", ready: (.true, "Resolved"), healthy: (.false, "RunFailed"), expected: "False/RunFailed"),
        Case(name: "missed", ready: (.true, "Resolved"), healthy: (.false, "ScheduleMissed"), expected: "False/ScheduleMissed"),
        Case(name: "succeeded", ready: (.true, "Resolved"), healthy: (.true, "Succeeded"), expected: "True/Succeeded"),
        Case(
            name: "not ready: runs are not judged", ready: (.false, "ScheduleNeverFires"), healthy: (.false, "RunFailed"),
            expected: "Unknown/ScheduleNeverFires"),
        Case(name: "never reconciled", ready: nil, healthy: nil, expected: "Unknown/Other"),
        Case(name: "a reason outside the set", ready: nil, healthy: (.false, "SomethingNew"), expected: "False/Other"),
    ]

    @Test(arguments: cases)
    func oneSeriesCarriesTheState(_ testCase: Case) {
        let metrics = OperatorMetrics()
        metrics.monitorStatus(
            namespace: "team-a", name: "backup", status: Self.status(ready: testCase.ready, healthy: testCase.healthy))
        let text = metrics.exposition()
        #expect(Self.health(text) == [testCase.expected: 1])
        #expect(Exposition(text).types["cronmonitor_health"] == "gauge")
    }

    @Test func aChangedStateReplacesTheSeriesAndDeletionRemovesIt() {
        let metrics = OperatorMetrics()
        metrics.monitorStatus(namespace: "team-a", name: "backup", status: Self.status(healthy: (.unknown, "NoRunsYet")))
        metrics.monitorStatus(namespace: "team-a", name: "other", status: Self.status(healthy: (.true, "Succeeded")))
        metrics.monitorStatus(namespace: "team-a", name: "backup", status: Self.status(healthy: (.false, "RunStuck")))
        #expect(Self.health(metrics.exposition()) == ["False/RunStuck": 1])
        metrics.monitorStatus(namespace: "team-a", name: "backup", status: Self.status(healthy: (.false, "RunStuck")))
        #expect(Self.health(metrics.exposition()) == ["False/RunStuck": 1])
        metrics.monitorDeleted(namespace: "team-a", name: "backup")
        let text = metrics.exposition()
        #expect(Self.health(text) == [:])
        #expect(Exposition(text)["cronmonitor_health", ["namespace": "team-a", "monitor": "other", "status": "True", "reason": "Succeeded"]] == 1)
    }
}
