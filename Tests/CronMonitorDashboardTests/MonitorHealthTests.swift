import CronMonitorAPI
import CronMonitorDashboard
import KubernetesModel
import Testing

@Suite struct MonitorHealthTests {
    static let cases: [(ready: ConditionStatus?, healthy: ConditionStatus?, health: MonitorHealth)] = [
        (nil, nil, .unknown),
        (.true, nil, .unknown),
        (.true, .unknown, .unknown),
        (.true, .true, .healthy),
        (.true, .false, .unhealthy),
        (.false, .true, .notReady),
        (.false, nil, .notReady),
        (nil, .false, .unhealthy),
    ]

    @Test(arguments: cases.indices)
    func healthFollowsTheConditions(index: Int) {
        let (ready, healthy, expected) = Self.cases[index]
        var status = CronMonitorStatus()
        status.conditions = [
            ready.map { Fixtures.condition(CronMonitorCondition.ready, $0, "R") },
            healthy.map { Fixtures.condition(CronMonitorCondition.healthy, $0, "H") },
        ].compactMap { $0 }
        #expect(MonitorHealth(status: status) == expected)
        #expect(MonitorHealth.deciding(status)?.reason == (ready == .false ? "R" : healthy == nil ? nil : "H"))
        #expect(expected.needsAttention == (expected == .unhealthy || expected == .notReady))
    }

    @Test func aMonitorWithoutStatusIsUnknownAndNamesItsTarget() {
        let monitor = CronMonitor(
            metadata: ObjectMeta(name: "m", namespace: "n"),
            spec: CronMonitorSpec(jobSelector: LabelSelector(matchLabels: ["app": "x"], matchExpressions: [
                LabelSelectorRequirement(key: "tier", operator: .in, values: ["a", "b"]),
                LabelSelectorRequirement(key: "skip", operator: .doesNotExist),
            ])))
        let summary = MonitorSummary(monitor)
        #expect(summary.health == .unknown)
        #expect(summary.target == "selector app=x, tier In (a,b), skip DoesNotExist")
        #expect(summary.recentRuns.isEmpty)
        #expect(summary.consecutiveFailures == 0)
    }
}
