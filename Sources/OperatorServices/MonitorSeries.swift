import CronMonitorAPI
import KubernetesModel
import KubernetesRuntime

/// A monitor's identity in the metrics.
struct MonitorKey: Hashable, Sendable, Comparable {
    var namespace: String
    var name: String

    static func < (lhs: MonitorKey, rhs: MonitorKey) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }
}

/// What the series of one monitor report, as plain numbers: the registry's metric objects cost
/// about 7 KiB a monitor (a dozen objects, each with its labels rendered in advance), these about
/// 400 bytes. `MonitorExposition` renders them when scraped.
struct MonitorSeries: Sendable {
    /// `cronmonitor_runs_total` by result, in the order of `countedResults`.
    private(set) var runs: InlineArray<7, Int64> = .init(repeating: 0)
    /// status.totals as last counted, in the same order.
    private var countedTotals: InlineArray<7, Int64> = .init(repeating: 0)
    /// `cronmonitor_run_duration_seconds`: finished runs per bucket of `MetricNames.runDurationBuckets`
    /// (not cumulative; the last slot counts runs above every bucket), their sum and count.
    private(set) var durationCounts: [UInt32] = Array(repeating: 0, count: MetricNames.runDurationBuckets.count + 1)
    private(set) var durationSum: Double = 0
    private(set) var durationCount: Int64 = 0
    /// UIDs of the finished runs already observed into the durations (only those still in status.runs).
    private var observedRuns: [CompactString] = []
    /// Unset until the first success: a zero timestamp would read as "failing since 1970".
    private(set) var lastSuccess: Int64?
    private(set) var activeRuns: Int64 = 0
    private(set) var consecutiveFailures: Int64 = 0
    private(set) var healthy = false
    private(set) var health = HealthSeries.State(status: ConditionStatus.unknown.rawValue, reason: HealthSeries.other)

    /// The `result` labels of `cronmonitor_runs_total`, in the order of `Self.totals(_:)`.
    static let countedResults = ["succeeded", "failed", "missed", "stuck", "duplicate", "not_started", "too_short"]

    /// status.totals in the order of `countedResults`.
    static func totals(_ totals: RunTotals?) -> InlineArray<7, Int64> {
        [
            totals?.succeeded ?? 0, totals?.failed ?? 0, totals?.missed ?? 0, totals?.stuck ?? 0,
            totals?.duplicates ?? 0, totals?.notStarted ?? 0, totals?.tooShort ?? 0,
        ]
    }

    /// Brings every series up to `status`.
    mutating func update(status: CronMonitorStatus) {
        let totals = Self.totals(status.totals)
        for index in totals.indices {
            // A total that went down (status rewritten) is a new baseline: counters never decrease.
            if totals[index] > countedTotals[index] {
                runs[index] += totals[index] - countedTotals[index]
            }
            countedTotals[index] = totals[index]
        }

        var finished: [CompactString] = []
        for record in status.runs ?? [] {
            guard let uid = record.uid, let seconds = Self.durationSeconds(of: record) else { continue }
            let compact = CompactString(uid)
            finished.append(compact)
            if !observedRuns.contains(compact) {
                observeDuration(seconds)
            }
        }
        observedRuns = finished

        if let success = status.lastSuccessTime {
            lastSuccess = success.secondsSinceEpoch
        }
        activeRuns = Int64(status.active ?? Int32(status.activeRuns?.count ?? 0))
        consecutiveFailures = Int64(status.consecutiveFailures ?? 0)
        healthy = status.conditions?.condition(CronMonitorCondition.healthy)?.status == .true
        health = HealthSeries.state(of: status)
    }

    private mutating func observeDuration(_ seconds: Double) {
        let bucket = MetricNames.runDurationBuckets.firstIndex { seconds <= $0 } ?? MetricNames.runDurationBuckets.count
        durationCounts[bucket] &+= 1
        durationSum += seconds
        durationCount += 1
    }

    /// A finished run's duration in seconds; nil while it runs, and for missed slots.
    static func durationSeconds(of record: RunRecord) -> Double? {
        switch record.result {
        case .pending, .running, .missed:
            return nil
        case .succeeded, .failed, .stuck, .terminated, .duplicate:
            guard let finish = record.finishTime else { return nil }
            if let seconds = record.durationSeconds {
                return Double(seconds)
            }
            guard let start = record.startTime else { return nil }
            return Double(max(0, finish.secondsSinceEpoch - start.secondsSinceEpoch))
        }
    }
}
