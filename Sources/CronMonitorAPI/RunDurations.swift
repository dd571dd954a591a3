/// `status.durations`: how long the finished runs in `status.runs` took (those that succeeded or
/// failed; stuck, terminated, duplicate and missed runs are left out). Nearest-rank percentiles
/// over whole seconds; unset when `runs` holds no such run.
public struct RunDurations: Sendable, Codable, Equatable {
    public var p50Seconds: Int64?
    public var p95Seconds: Int64?
    public var maxSeconds: Int64?

    public init(p50Seconds: Int64? = nil, p95Seconds: Int64? = nil, maxSeconds: Int64? = nil) {
        self.p50Seconds = p50Seconds
        self.p95Seconds = p95Seconds
        self.maxSeconds = maxSeconds
    }

    /// The durations' nearest-rank p50 and p95 and their maximum; nil when there are none.
    public init?(of durations: [Int64]) {
        guard !durations.isEmpty else { return nil }
        let sorted = durations.sorted()
        self.init(
            p50Seconds: Self.nearestRank(50, of: sorted), p95Seconds: Self.nearestRank(95, of: sorted),
            maxSeconds: sorted.last)
    }

    /// The nearest-rank `percent`-th percentile of ascending `sorted`: the value at rank
    /// ⌈percent/100 · n⌉ (1-based).
    public static func nearestRank(_ percent: Int, of sorted: [Int64]) -> Int64? {
        guard !sorted.isEmpty else { return nil }
        let rank = (percent * sorted.count + 99) / 100
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

/// One calendar day of `status.daily` (in the monitor's time zone): what happened to the runs of
/// that day, counted once each, also after their records left `status.runs`. A run belongs to
/// the day of its slot, else of its Job's creation; a missed slot to the day of the slot.
public struct DailyRuns: Sendable, Codable, Equatable {
    /// `YYYY-MM-DD`.
    public var date: String
    /// Runs (Jobs) first seen, as in `totals.runs`; unset means 0, as for the other counts.
    public var runs: Int64?
    public var succeeded: Int64?
    public var failed: Int64?
    public var missed: Int64?
    public var stuck: Int64?
    /// Nearest-rank p95 of the durations of the day's succeeded and failed runs (see
    /// `longestSeconds` for when it is exact).
    public var p95Seconds: Int64?
    /// The longest durations of the day's succeeded and failed runs, longest first, at most
    /// `DailyRuns.longestKept`: what `p95Seconds` is computed from. The p95 is exact while the
    /// day has fewer than 20 · `longestKept` such runs; beyond, it is the shortest kept duration,
    /// an upper bound of the true p95.
    public var longestSeconds: [Int64]?

    /// The most durations kept per day.
    public static let longestKept = 20

    public init(
        date: String, runs: Int64? = nil, succeeded: Int64? = nil, failed: Int64? = nil, missed: Int64? = nil,
        stuck: Int64? = nil, p95Seconds: Int64? = nil, longestSeconds: [Int64]? = nil
    ) {
        self.date = date
        self.runs = runs
        self.succeeded = succeeded
        self.failed = failed
        self.missed = missed
        self.stuck = stuck
        self.p95Seconds = p95Seconds
        self.longestSeconds = longestSeconds
    }
}

extension DailyRuns {
    /// Adds the duration of a run just counted in `succeeded` or `failed`: keeps the
    /// `longestKept` longest durations and recomputes `p95Seconds`.
    public mutating func recordDuration(_ seconds: Int64) {
        var longest = longestSeconds ?? []
        let position = longest.firstIndex { $0 < seconds } ?? longest.endIndex
        longest.insert(seconds, at: position)
        if longest.count > Self.longestKept { longest.removeLast(longest.count - Self.longestKept) }
        longestSeconds = longest
        p95Seconds = Self.p95(finished: (succeeded ?? 0) + (failed ?? 0), longest: longest)
    }

    /// The nearest-rank p95 of `finished` durations whose longest are `longest` (longest
    /// first): the k-th longest with k = n − ⌈0.95 n⌉ + 1, exact while k ≤ `longest.count`;
    /// else the shortest kept, an upper bound of the true p95.
    public static func p95(finished: Int64, longest: [Int64]) -> Int64? {
        guard finished > 0, !longest.isEmpty else { return nil }
        let rank = (95 * finished + 99) / 100
        let fromTop = Int(finished - rank + 1)
        return longest[min(max(fromTop, 1), longest.count) - 1]
    }
}
