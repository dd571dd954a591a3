/// The figures of `failover`: seconds from the signal to each event, one value a run.
struct FailoverFigures: Sendable {
    struct Series: Sendable {
        let title: String
        /// Seconds; `nil` for no target.
        let target: Double?
        var values: [Double] = []
    }

    var killToStatus = Series(title: "SIGKILL -> the standby's first status write", target: 17)
    var killToLease = Series(title: "SIGKILL -> the standby holds the Lease", target: nil)
    var termToLease = Series(title: "SIGTERM -> the standby holds the Lease", target: 3)
    var termToExit = Series(title: "SIGTERM -> the leader process exited", target: nil)
    var termToStatus = Series(title: "SIGTERM -> the standby's first status write (monitor created once the leader exited)", target: nil)

    var all: [Series] { [killToStatus, killToLease, termToLease, termToExit, termToStatus] }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

extension FailoverFigures.Series {
    /// `min a, median b, max c over N runs (target ≤ T s: met in k of N)`.
    var summary: String {
        guard let low = values.min(), let high = values.max() else { return "\(title): no run" }
        var line = "\(title): min \(Figures.seconds(low)), median \(Figures.seconds(FailoverFigures.median(values))), max \(Figures.seconds(high)) over \(values.count) runs"
        if let target {
            let met = values.filter { $0 <= target }.count
            line += " (target <= \(Figures.seconds(target)): met in \(met) of \(values.count))"
        }
        return line
    }
}
