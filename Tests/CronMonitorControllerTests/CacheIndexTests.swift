import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime
import Testing

/// The caches' indexes find exactly what a scan of the namespace finds: the monitors a Job's
/// change concerns, and (after the planner's exact filter) the Jobs a monitor targets. Checked over
/// seeded random fleets of selector and CronJob monitors.
@Suite struct CacheIndexTests {
    static let namespaces = ["a", "b"]
    static let keys = ["app", "team", "tier", "job-name"]
    static let values = ["x", "y", "z"]
    static let cronJobs = ["nightly", "hourly"]

    static func labels(_ random: inout SplitMix64) -> [String: String] {
        var labels: [String: String] = [:]
        for _ in 0..<random.upTo(4) { labels[random.pick(keys)] = random.pick(values) }
        return labels
    }

    static func selector(_ random: inout SplitMix64) -> LabelSelector {
        var selector = LabelSelector()
        if random.upTo(3) > 0 {
            var matchLabels: [String: String] = [:]
            for _ in 0..<random.upTo(3) { matchLabels[random.pick(keys)] = random.pick(values) }
            selector.matchLabels = matchLabels
        }
        var expressions: [LabelSelectorRequirement] = []
        for _ in 0..<random.upTo(3) {
            let key = random.pick(keys)
            let chosen = Array(Set((0..<(1 + random.upTo(2))).map { _ in random.pick(values) }))
            switch random.upTo(4) {
            case 0: expressions.append(.in(key, chosen))
            case 1: expressions.append(.notIn(key, chosen))
            case 2: expressions.append(.exists(key))
            default: expressions.append(.doesNotExist(key))
            }
        }
        if !expressions.isEmpty { selector.matchExpressions = expressions }
        return selector
    }

    static func fleet(seed: UInt64) -> (monitors: [CronMonitor], jobs: [JobProjection]) {
        var random = SplitMix64(seed: seed)
        let monitors = (0..<(1 + random.upTo(12))).map { index in
            let spec = random.upTo(3) == 0
                ? CronMonitorSpec(cronJobName: random.pick(cronJobs))
                : CronMonitorSpec(jobSelector: selector(&random))
            return CronMonitor(
                metadata: ObjectMeta(name: "m\(index)", namespace: random.pick(namespaces), uid: "m\(index)"), spec: spec)
        }
        let jobs = (0..<random.upTo(40)).map { index in
            JobProjection(
                key: ObjectKey(namespace: random.pick(namespaces), name: "j\(index)"), uid: "j\(index)",
                labels: labels(&random),
                cronJobOwner: random.upTo(3) == 0 ? JobProjection.Owner(name: random.pick(cronJobs), uid: "cj") : nil,
                created: Date(timeIntervalSince1970: 1_795_392_000))
        }
        return (monitors, jobs)
    }

    @Test(arguments: 0..<300)
    func indexesFindWhatAScanFinds(case index: Int) {
        let seed = 0xCAC4E_0000 + UInt64(index)
        let (monitors, jobs) = Self.fleet(seed: seed)
        let caches = Caches(namespaces: [])
        _ = caches.monitors.stores[nil]?.apply(.restarted(monitors))
        _ = caches.jobs.stores[nil]?.apply(.restarted(jobs))

        for job in jobs {
            let scanned = monitors.filter { monitor in
                guard monitor.key.namespace == job.key.namespace else { return false }
                if let name = monitor.spec.cronJobName, job.cronJobOwner?.name == name { return true }
                return monitor.spec.jobSelector?.matches(labels: job.labels) ?? false
            }
            #expect(
                Set(caches.monitors(concerning: job)) == Set(scanned.map(\.key)),
                "seed \(seed): monitors concerning \(job.key) (labels \(job.labels))")
        }
        for monitor in monitors {
            let indexed = Planner.targets(of: monitor, cronJob: nil, among: caches.candidateJobs(for: monitor))
            let scanned = Planner.targets(of: monitor, cronJob: nil, among: jobs)
            #expect(
                Set(indexed.map(\.key)) == Set(scanned.map(\.key)),
                "seed \(seed): targets of \(monitor.key) (selector \(String(describing: monitor.spec.jobSelector)))")
        }
    }
}

extension SplitMix64 {
    /// An integer in 0..<n.
    fileprivate mutating func upTo(_ n: Int) -> Int { int(0...(n - 1)) }
}
